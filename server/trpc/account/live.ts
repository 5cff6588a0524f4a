import { accountProcedure, router } from "../init";
import { liveChanges, liveChangesInput } from "../live-changes";

export const accountLiveRouter = router({
  changes: accountProcedure.input(liveChangesInput).subscription(({ ctx, input, signal }) => liveChanges(ctx, input, signal)),
});
