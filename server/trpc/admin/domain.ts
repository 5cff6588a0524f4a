// Domains: the list with their counts, one domain with its addresses, add, settings, disable/enable, remove,
// and the DNS records to publish with a check of what DNS has now.
import { domainCheck, domainRecords } from "../../dns/domain-dns";
import { domainAdd, domainGet, domainList, domainRemove, domainUpdate } from "../../store/domain-admin";
import { adminProcedure, router } from "../init";
import { domainAddSchema, domainDisableSchema, domainRefSchema, domainSettingsSchema, separatorList } from "./domain-schemas";

export const adminDomainRouter = router({
  list: adminProcedure.query(({ ctx }) => domainList(ctx.deps.db)),
  get: adminProcedure.input(domainRefSchema).query(({ ctx, input }) => domainGet(ctx.deps.db, input.domain)),
  // For the "add address" form's account choice.
  add: adminProcedure
    .input(domainAddSchema)
    .mutation(({ ctx, input }) => domainAdd(ctx.deps.db, ctx.actor, { ...input, catchallSeparators: separatorList(input.catchallSeparators) })),
  update: adminProcedure.input(domainSettingsSchema).mutation(async ({ ctx, input }) => {
    await domainUpdate(ctx.deps.db, ctx.actor, input.domain, { catchallSeparators: separatorList(input.catchallSeparators), localpartCaseSensitive: input.localpartCaseSensitive });
    return { ok: true };
  }),
  disable: adminProcedure.input(domainDisableSchema).mutation(async ({ ctx, input }) => {
    await domainUpdate(ctx.deps.db, ctx.actor, input.domain, { disabledReason: input.reason });
    return { ok: true };
  }),
  enable: adminProcedure.input(domainRefSchema).mutation(async ({ ctx, input }) => {
    await domainUpdate(ctx.deps.db, ctx.actor, input.domain, { disabledReason: "" });
    return { ok: true };
  }),
  remove: adminProcedure.input(domainRefSchema).mutation(async ({ ctx, input }) => {
    await domainRemove(ctx.deps.db, ctx.actor, input.domain);
    return { ok: true };
  }),
  records: adminProcedure.input(domainRefSchema).query(({ ctx, input }) => domainRecords(ctx.deps, input.domain)),
  checkDns: adminProcedure.input(domainRefSchema).query(async ({ ctx, input }) => ({ verdicts: await domainCheck(ctx.deps, input.domain), checkedAt: ctx.deps.clock.now() })),
});
