// One message's whole story on one timeline (the message trail): its submission, every delivery attempt, its
// retirement, each webhook event about it with each HTTP attempt, and the suppression its recipient is under.
import { prismaLikeTypes, sqlPool } from "../db/client";
import type { Suppression } from "../db/generated/client";
import { AppError } from "../errors";
import { queueList, retiredList, type QueueAdminDeps, type QueueListRow, type RetiredListRow } from "../queue/admin";
import type { MsgResult } from "../queue/queued-message";
import { findSuppression } from "../suppression/suppressions";
import type { HookResult } from "../webhook/hook-result";

export type TrailHook = {
  id: bigint;
  event: string;
  url: string;
  submitted: Date;
  attempts: number;
  results: HookResult[];
  payload: string;
  // null: still queued.
  success: boolean | null;
  nextAttempt: Date | null;
};

export type TrailEvent =
  | { kind: "submitted"; at: Date }
  | { kind: "attempt"; at: Date; result: MsgResult }
  | { kind: "retired"; at: Date; success: boolean }
  | { kind: "webhook"; at: Date; hook: TrailHook };

export type MessageTrail =
  | { state: "queued"; message: QueueListRow; events: TrailEvent[]; suppression: Suppression | null }
  | { state: "retired"; message: RetiredListRow; events: TrailEvent[]; suppression: Suppression | null };

const HOOKS_SQL = `
  SELECT "id", CASE WHEN "isIncoming" THEN 'incoming' ELSE "outgoingEvent" END AS "event", "url", "submitted", "attempts",
         "results", "payload", NULL::boolean AS "success", "nextAttempt"
  FROM "Webhook" WHERE "queueMsgId" = $1
  UNION ALL
  SELECT "id", CASE WHEN "isIncoming" THEN 'incoming' ELSE "outgoingEvent" END, "url", "submitted", "attempts",
         "results", "payload", "success", NULL
  FROM "RetiredWebhook" WHERE "queueMsgId" = $1
  ORDER BY "submitted", "id"`;

// With an account, only that account's message: another's id is not found, exactly like one that never was.
export async function messageTrail(deps: QueueAdminDeps, id: bigint, account?: string): Promise<MessageTrail> {
  const filter = { ids: [id], ...(account ? { account } : {}) };
  const [queued] = await queueList(deps, filter, {});
  const [retired] = queued ? [] : await retiredList(deps, filter, {});
  const message = queued ?? retired;
  if (!message) throw new AppError("notFound", `no queued or retired message with id ${id}: retired messages are kept only as long as the account's retention says`);
  const { rows: hooks } = await sqlPool(deps.db).query<TrailHook>({ text: HOOKS_SQL, values: [String(id)], types: prismaLikeTypes });
  const events: TrailEvent[] = [
    { kind: "submitted" as const, at: message.queued },
    ...(message.results as MsgResult[]).map((result) => ({ kind: "attempt" as const, at: new Date(result.Start), result })),
    ...(retired ? [{ kind: "retired" as const, at: retired.lastActivity, success: retired.success }] : []),
    ...hooks.map((hook) => ({ kind: "webhook" as const, at: hook.submitted, hook })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const recipient = { localpart: message.recipientLocalpart, domain: { ascii: message.recipientDomain, unicode: message.recipientDomainStr } };
  const suppression = await findSuppression(deps.db, message.senderAccount, recipient);
  return queued ? { state: "queued", message: queued, events, suppression } : { state: "retired", message: retired!, events, suppression };
}
