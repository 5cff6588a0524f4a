// The queue's hand-off to webhooks (spec 3.4, 2.5): every delivery event of an outgoing message comes through
// queueOutgoingEvents, in the transaction that records the event. A hook row is queued only for accounts with
// an outgoing webhook URL that subscribe to the event; URL and Authorization are copied into the row, so later
// changes to the settings do not alter queued hooks. Only the newest event of a message stays queued
// (spec 2.4): a receiver that was down learns where the message is now, not its whole history.
import { runStatement, statement } from "../db/statement";
import type { SqlClient } from "../db/client";
import { goJsonStringify, goTime } from "./payload-json";
import { retireHooksSql } from "./retire";

export const OUTGOING_EVENTS = ["delivered", "suppressed", "delayed", "failed", "relayed", "expanded", "canceled", "unrecognized"] as const;
export type OutgoingEventName = (typeof OUTGOING_EVENTS)[number];

export type OutgoingEvent = {
  account: string;
  event: OutgoingEventName;
  dsn: boolean;
  suppressing: boolean;
  queueMsgId: bigint;
  fromId: string;
  messageId: string;
  subject: string;
  smtpCode: number;
  // Without the class digit ("1.1"); the payload shows "<class>.<secode>" only when known.
  secode: string;
  error: string;
  extra: Record<string, string>;
};

function outgoingPayload(e: OutgoingEvent, queued: Date): string {
  return goJsonStringify({
    Version: 0,
    Event: e.event,
    DSN: e.dsn,
    Suppressing: e.suppressing,
    QueueMsgID: Number(e.queueMsgId),
    FromID: e.fromId,
    MessageID: e.messageId,
    Subject: e.subject,
    WebhookQueued: goTime(queued),
    SMTPCode: e.smtpCode,
    SMTPEnhancedCode: e.secode && e.smtpCode ? `${Math.floor(e.smtpCode / 100)}.${e.secode}` : "",
    Error: e.error,
    Extra: e.extra,
  });
}

const QUEUE_OUTGOING = statement(
  "webhook-queue-outgoing",
  `INSERT INTO "Webhook" ("queueMsgId", "fromId", "messageId", "subject", "extra", "account", "url", "authorization",
       "isIncoming", "outgoingEvent", "payload", "submitted", "nextAttempt")
     SELECT e."queueMsgId", e."fromId", e."messageId", e."subject", e."extra", a."name", a."outgoingWebhookUrl",
       a."outgoingWebhookAuthorization", false, e."event", e."payload", $1, $1
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[], $9::text[])
       AS e("queueMsgId", "fromId", "messageId", "subject", "extra", "account", "event", "payload")
     JOIN "Account" a ON a."name" = e."account"
     WHERE a."outgoingWebhookUrl" <> '' AND (cardinality(a."outgoingWebhookEvents") = 0 OR e."event" = ANY(a."outgoingWebhookEvents"))
     RETURNING "id", "queueMsgId"`,
);

// Returns the ids of the hooks queued.
export async function queueOutgoingEvents(sql: SqlClient, events: OutgoingEvent[], now: Date): Promise<bigint[]> {
  if (events.length === 0) return [];
  const per = <T>(f: (e: OutgoingEvent) => T) => events.map(f);
  const { rows } = await runStatement<{ id: string; queueMsgId: string }>(sql, QUEUE_OUTGOING,
    [
      now.toISOString(),
      per((e) => e.queueMsgId.toString()),
      per((e) => e.fromId),
      per((e) => e.messageId),
      per((e) => e.subject),
      per((e) => JSON.stringify(e.extra)),
      per((e) => e.account),
      per((e) => e.event),
      per((e) => outgoingPayload(e, now)),
    ],
  );
  if (rows.length > 0) await supersede(sql, rows, now);
  return rows.map((r) => BigInt(r.id));
}

const SUPERSEDE = statement(
  "webhook-supersede",
  retireHooksSql({
    ctes: `newest AS (
      SELECT DISTINCT ON (n."queueMsgId") n."id", n."queueMsgId"
      FROM unnest($1::bigint[], $2::bigint[]) AS n("id", "queueMsgId")
      WHERE n."queueMsgId" > 0
      ORDER BY n."queueMsgId", n."id" DESC
    )`,
    deleteSql: `DELETE FROM "Webhook" w USING newest n WHERE w."queueMsgId" = n."queueMsgId" AND w."id" < n."id"
      RETURNING w.*, n."id" AS "newerId"`,
    results: `g."results"`,
    success: "false",
    lastActivity: "$3::timestamp",
    supersededById: `g."newerId"`,
  }),
);

// Older queued hooks of the same messages leave the queue, retired with SupersededByID. A separate statement,
// so that it also sees hooks of this batch. Callers hold the message's row lock (queue or retired message), so
// two events of one message cannot be queued side by side.
async function supersede(sql: SqlClient, queued: { id: string; queueMsgId: string }[], now: Date): Promise<void> {
  await runStatement(sql, SUPERSEDE, [queued.map((r) => r.id), queued.map((r) => r.queueMsgId), now.toISOString()]);
}
