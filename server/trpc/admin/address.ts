// Addresses of accounts, from the domain page (add to an account, catchall) and the account page.
import { addressAdd, addressRemove } from "../../provision/address";
import { adminProcedure, router } from "../init";
import { addressAddSchema, addressRemoveSchema } from "./schemas";

export const adminAddressRouter = router({
  add: adminProcedure.input(addressAddSchema).mutation(async ({ ctx, input }) => {
    await addressAdd(ctx.deps.db, ctx.actor, input);
    return { ok: true };
  }),
  remove: adminProcedure.input(addressRemoveSchema).mutation(async ({ ctx, input }) => {
    await addressRemove(ctx.deps.db, ctx.actor, input);
    return { ok: true };
  }),
});
