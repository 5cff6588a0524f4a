// The webhook queue and the retired webhooks (spec 2.7): list, reschedule, cancel, and replay retired ones.
import { hookCancel, hookCount, hookList, hookNextAttemptAdd, hookNextAttemptSet, hookRetiredList } from "../../webhook/admin";
import { hookReplay } from "../../webhook/replay";
import { adminProcedure, router } from "../init";
import { adminOperation } from "./operation";
import { hookListSchema, hookRetiredListSchema, hookTarget, idsSchema, scheduleSchema } from "./schemas";

export const adminHookRouter = router({
  list: adminProcedure.input(hookListSchema).query(({ ctx, input }) => hookList(ctx.deps, { ...input.filter, max: input.limit }, input.sort)),
  count: adminProcedure.input(hookTarget).query(({ ctx, input }) => hookCount(ctx.deps, input.filter)),
  schedule: adminOperation.input(hookTarget.extend(scheduleSchema.shape)).mutation(async ({ ctx, input }) => ({
    count: await (input.relativeTo === "now" ? hookNextAttemptSet : hookNextAttemptAdd)(ctx.deps, input.filter, input.minutes),
  })),
  cancel: adminOperation.input(hookTarget).mutation(async ({ ctx, input }) => ({ count: await hookCancel(ctx.deps, input.filter) })),
  retiredList: adminProcedure
    .input(hookRetiredListSchema)
    .query(({ ctx, input }) => hookRetiredList(ctx.deps, { ...input.filter, max: input.limit }, input.sort)),
  replay: adminOperation.input(idsSchema).mutation(async ({ ctx, input }) => ({ count: await hookReplay(ctx.deps, input.ids) })),
});
