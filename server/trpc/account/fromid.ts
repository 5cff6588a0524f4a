// The user's fromid login addresses (spec 6), by the admin page's rules, with an example from their own
// addresses for the page to explain them with.
import { fromIdAddressesSet } from "../../provision/account-settings";
import { fromIdExample } from "../../provision/account-self";
import { accountProcedure, router } from "../init";
import { currentAccount } from "./current";
import { ownFromIdAddressesSchema } from "./profile-schemas";

export const accountFromidRouter = router({
  get: accountProcedure.query(async ({ ctx }) => {
    const account = await currentAccount(ctx);
    return { fromIdLoginAddresses: account.fromIdLoginAddresses, example: await fromIdExample(ctx.deps.db, account) };
  }),
  set: accountProcedure.input(ownFromIdAddressesSchema).mutation(async ({ ctx, input }) => {
    await fromIdAddressesSet(ctx.deps.db, ctx.actor, { name: (await currentAccount(ctx)).name, ...input });
    return { ok: true } as const;
  }),
});
