// The caller's own outgoing messages: the list over queued and retired ones, one message's trail, and cancel
// of a queued one. Another account's message is not found.
import { recordAudit } from "../../audit/audit-log";
import { accountMessages, cancelAccountMessage } from "../../queue/account-messages";
import { messageTrail } from "../../trail/message-trail";
import type { TrpcContext } from "../context";
import { accountProcedure, router } from "../init";
import { currentAccount } from "./current";
import { accountMessageIdSchema, accountMessageListSchema } from "./message-schemas";

export const accountMessageRouter = router({
  list: accountProcedure.input(accountMessageListSchema).query(async ({ ctx, input }) => {
    const account = await currentAccount(ctx);
    return accountMessages(ctx.deps, account.name, input.filter, input.sort, input.limit);
  }),
  trail: accountProcedure.input(accountMessageIdSchema).query(async ({ ctx, input }) => {
    const account = await currentAccount(ctx);
    return messageTrail(ctx.deps, input.id, account.name);
  }),
  // No DSN, the canceled event; recorded in the audit log once done, as the admin's queue operations are.
  cancel: accountProcedure.input(accountMessageIdSchema).mutation(async ({ ctx, input }) => {
    const account = await currentAccount(ctx);
    await cancelAccountMessage(outcomeDeps(ctx), account.name, input.id);
    await recordAudit(ctx.deps.db, ctx.actor, { action: "message.cancel", target: `${account.name}: message ${input.id}`, after: { canceled: input.id } });
    return { ok: true };
  }),
});

function outcomeDeps(ctx: TrpcContext) {
  const { db, clock, logger, hostname, schedule } = ctx.deps;
  return { db, clock, logger, hostname, schedule, localserve: false };
}
