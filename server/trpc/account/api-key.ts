// The user's own API keys: list (with the domains a key may be limited to), make (the key is in the answer this
// once and never again) and revoke. Every read and change is scoped to the session's account.
import { apiKeyCreateSchema, apiKeyRevokeSchema } from "../../api-key/schemas";
import { apiKeyCreate, apiKeyDomains, apiKeyList, apiKeyRevoke } from "../../provision/api-key-admin";
import { accountProcedure, router } from "../init";
import { currentAccount } from "./current";

export const accountApiKeyRouter = router({
  list: accountProcedure.query(async ({ ctx }) => {
    const account = await currentAccount(ctx);
    const [keys, domains] = await Promise.all([apiKeyList(ctx.deps.db, account.name), apiKeyDomains(ctx.deps.db, account.id)]);
    return { keys, domains };
  }),
  create: accountProcedure.input(apiKeyCreateSchema).mutation(async ({ ctx, input }) => apiKeyCreate(ctx.deps.db, ctx.actor, (await currentAccount(ctx)).name, input)),
  revoke: accountProcedure.input(apiKeyRevokeSchema).mutation(async ({ ctx, input }) => {
    const revoked = await apiKeyRevoke(ctx.deps.db, ctx.actor, (await currentAccount(ctx)).name, { id: input.id });
    return { name: revoked.name };
  }),
});
