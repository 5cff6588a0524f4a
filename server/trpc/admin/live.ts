import { adminProcedure, router } from "../init";
import { liveChanges, liveChangesInput } from "../live-changes";

export const adminLiveRouter = router({
  changes: adminProcedure.input(liveChangesInput).subscription(({ ctx, input, signal }) => liveChanges(ctx, input, signal)),
});
