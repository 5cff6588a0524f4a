// The user's own account: profile with usage against its limits, full name, password.
import { setFullName } from "../../provision/account-admin";
import { changeOwnPassword, ownProfile } from "../../provision/account-self";
import { accountProcedure, router } from "../init";
import { currentAccount } from "./current";
import { ownFullNameSchema, passwordChangeSchema } from "./profile-schemas";

const ok = { ok: true } as const;

export const accountProfileRouter = router({
  get: accountProcedure.query(async ({ ctx }) => ownProfile(ctx.deps.db, await currentAccount(ctx), ctx.deps.clock.now())),
  fullNameSet: accountProcedure.input(ownFullNameSchema).mutation(async ({ ctx, input }) => {
    await setFullName(ctx.deps.db, ctx.actor, { name: (await currentAccount(ctx)).name, fullName: input.fullName });
    return ok;
  }),
  passwordChange: accountProcedure.input(passwordChangeSchema).mutation(async ({ ctx, input }) => {
    const by = { actor: ctx.actor, ip: ctx.ip, account: await currentAccount(ctx), csrfToken: ctx.session.csrfToken };
    await changeOwnPassword(ctx.deps.db, by, input, ctx.deps.clock.now());
    return ok;
  }),
});
