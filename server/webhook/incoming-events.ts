// The delivery path's hand-off to the incoming webhook (spec 2.6, 2.1): a message delivered to an account with
// an incoming webhook URL queues one hook row, in the transaction that stores the message. URL and
// Authorization are copied into the row, so later changes to the settings do not alter queued hooks.
import { runStatement, statement } from "../db/statement";
import type { SqlClient } from "../db/client";
import type { MimePart } from "../message/structure";
import { incomingPayload, type IncomingMessageFacts } from "./incoming-payload";

export type IncomingEvent = { accountId: number; raw: Buffer; structure: MimePart; facts: IncomingMessageFacts };

const QUEUE_INCOMING = statement(
  "webhook-queue-incoming",
  `INSERT INTO "Webhook" ("queueMsgId", "messageId", "subject", "extra", "account", "url", "authorization",
       "isIncoming", "outgoingEvent", "payload", "submitted", "nextAttempt")
     SELECT 0, $2, $3, '{}', a."name", a."incomingWebhookUrl", a."incomingWebhookAuthorization", true, '', $4, $1, $1
     FROM "Account" a
     WHERE a."id" = $5 AND a."incomingWebhookUrl" <> ''
     RETURNING "id"`,
);

// Queues the incoming-message hook in the caller's transaction when the account has an incoming webhook URL;
// returns the new Webhook id or null.
export async function queueIncomingEvent(sql: SqlClient, e: IncomingEvent, now: Date): Promise<bigint | null> {
  const { json, subject, messageId } = incomingPayload(e.raw, e.structure, e.facts);
  // Incoming hooks have no queue message (queueMsgId 0), so nothing supersedes them (spec 2.4).
  const result = await runStatement<{ id: string }>(sql, QUEUE_INCOMING,
    [now.toISOString(), messageId, subject, json, e.accountId],
  );
  const row = result.rows[0];
  return row ? BigInt(row.id) : null;
}
