// The account a user's session belongs to. Every account procedure scopes what it reads and changes to it;
// an account removed meanwhile ends the session's access.
import { TRPCError } from "@trpc/server";
import type { Account } from "../../db/generated/client";
import type { TrpcContext } from "../context";
import type { WebSession } from "../../auth/session";

export async function currentAccount(ctx: TrpcContext & { session: WebSession }): Promise<Account> {
  const account = ctx.session.accountId === null ? null : await ctx.deps.db.account.findUnique({ where: { id: ctx.session.accountId } });
  if (!account) throw new TRPCError({ code: "UNAUTHORIZED", message: "this account no longer exists; log in again" });
  return account;
}
