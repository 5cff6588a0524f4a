// DKIM keys of a domain: generate, sign on/off, remove, and the guided rotation. Responses carry public keys
// only.
import { domainRotation } from "../../dns/domain-dns";
import { dkimKeyGenerate, dkimKeyList, dkimKeyRemove, dkimSelectorProposal, dkimSignSet, dkimSwitchSigning } from "../../dkim/keys";
import { adminProcedure, router } from "../init";
import { dkimGenerateSchema, dkimKeyRefSchema, dkimSignSetSchema, domainRefSchema } from "./domain-schemas";

export const adminDkimRouter = router({
  list: adminProcedure.input(domainRefSchema).query(({ ctx, input }) => dkimKeyList(ctx.deps.db, input.domain)),
  proposeSelector: adminProcedure
    .input(domainRefSchema)
    .query(async ({ ctx, input }) => ({ selector: await dkimSelectorProposal(ctx.deps.db, input.domain, ctx.deps.clock.now()) })),
  generate: adminProcedure.input(dkimGenerateSchema).mutation(({ ctx, input }) => dkimKeyGenerate(ctx.deps.db, ctx.actor, ctx.deps.clock.now(), input)),
  signSet: adminProcedure.input(dkimSignSetSchema).mutation(async ({ ctx, input }) => {
    await dkimSignSet(ctx.deps.db, ctx.actor, input);
    return { ok: true };
  }),
  switchSigning: adminProcedure.input(dkimKeyRefSchema).mutation(async ({ ctx, input }) => {
    await dkimSwitchSigning(ctx.deps.db, ctx.actor, input);
    return { ok: true };
  }),
  remove: adminProcedure.input(dkimKeyRefSchema).mutation(async ({ ctx, input }) => {
    await dkimKeyRemove(ctx.deps.db, ctx.actor, input);
    return { ok: true };
  }),
  rotation: adminProcedure.input(domainRefSchema).query(({ ctx, input }) => domainRotation(ctx.deps, input.domain)),
});
