// The dashboard's figures.
import { queueOverview } from "../../queue/overview";
import { adminProcedure, router } from "../init";

export const adminOverviewRouter = router({
  get: adminProcedure.query(({ ctx }) => queueOverview(ctx.deps.db, ctx.deps.clock.now())),
});
