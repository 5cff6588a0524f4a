// Hold rules (spec 4): adding one holds the queued messages it matches; removing one releases nothing.
import { holdRuleAdd, holdRuleList, holdRuleRemove } from "../../queue/hold-rule-admin";
import { adminProcedure, router } from "../init";
import { holdRuleAddSchema, holdRuleIdSchema } from "./schemas";

export const adminHoldRuleRouter = router({
  list: adminProcedure.query(({ ctx }) => holdRuleList(ctx.deps)),
  add: adminProcedure.input(holdRuleAddSchema).mutation(({ ctx, input }) => holdRuleAdd({ db: ctx.deps.db, clock: ctx.deps.clock, kick: ctx.deps.kick }, ctx.actor, input)),
  remove: adminProcedure.input(holdRuleIdSchema).mutation(async ({ ctx, input }) => {
    await holdRuleRemove(ctx.deps, ctx.actor, input.id);
    return { ok: true };
  }),
});
