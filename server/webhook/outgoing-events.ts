// The queue's hand-off to webhooks (spec 3.4, 2.5): every delivery event of an outgoing message comes through
// queueOutgoingEvents, in the transaction that records the event. A hook row is queued only for accounts with
// an outgoing webhook URL that subscribe to the event; URL and Authorization are copied into the row, so later
// changes to the settings do not alter queued hooks.
import type { SqlClient } from "../db/client";
import { goJsonStringify, goTime } from "./payload-json";

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

export async function queueOutgoingEvents(sql: SqlClient, events: OutgoingEvent[], now: Date): Promise<void> {
  if (events.length === 0) return;
  const per = <T>(f: (e: OutgoingEvent) => T) => events.map(f);
  await sql.query(
    `INSERT INTO "Webhook" ("queueMsgId", "fromId", "messageId", "subject", "extra", "account", "url", "authorization",
       "isIncoming", "outgoingEvent", "payload", "submitted", "nextAttempt")
     SELECT e."queueMsgId", e."fromId", e."messageId", e."subject", e."extra", a."name", a."outgoingWebhookUrl",
       a."outgoingWebhookAuthorization", false, e."event", e."payload", $1, $1
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::text[], $9::text[])
       AS e("queueMsgId", "fromId", "messageId", "subject", "extra", "account", "event", "payload")
     JOIN "Account" a ON a."name" = e."account"
     WHERE a."outgoingWebhookUrl" <> '' AND (cardinality(a."outgoingWebhookEvents") = 0 OR e."event" = ANY(a."outgoingWebhookEvents"))`,
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
}
