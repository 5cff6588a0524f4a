// Taking due messages for delivery. The claim is the lock: it records the attempt (spec 3.2: attempts, last
// attempt, next attempt with backoff, a "delivering..." result) in the same statement that selects the rows,
// so a second worker, a duplicate job or a crash mid-delivery can at worst cause one extra attempt later.
import type { SqlClient } from "../db/client";
import { runStatement, statement } from "../db/statement";
import { nextAttemptSql, randomJitterSeconds } from "./backoff";
import { QUEUE_COLUMNS, toQueuedMessage, type QueuedMessage, type QueueRow } from "./queued-message";

export const DELIVERING = "delivering...";

// The earliest due, not-held message for the domain, and with it the messages of the same submission that can
// share its SMTP transaction (same base id, domain, attempt count, RequireTLS and explicit transport, due no
// later than it). Routes depend only on fields these rows share, so they resolve to the same transport.
export type ClaimedBatch = {
  messages: QueuedMessage[];
  // The stored message the batch shares.
  content: Buffer;
  // Whether the sender's account has any suppressions or an outgoing webhook: when not, the attempt skips
  // the lookups and writes that would find or do nothing.
  hasSuppressions: boolean;
  hasWebhook: boolean;
};

// Run for every delivery attempt: the first message is found through "QueueMessage_claim_idx" (recipient domain,
// next attempt, id; not held), so its cost does not grow with the rest of the queue.
export const CLAIM = statement(
  "queue-claim",
  `WITH first AS (
       SELECT "id", "baseId", "attempts", "requireTls", "transport", "nextAttempt" FROM "QueueMessage"
       WHERE "recipientDomain" = $1 AND NOT "hold" AND "nextAttempt" <= $2
       ORDER BY "nextAttempt", "id" LIMIT 1 FOR UPDATE SKIP LOCKED
     ), batch AS (
       SELECT q."id" FROM "QueueMessage" q, first f
       WHERE q."id" = f."id" OR (f."baseId" <> 0 AND q."baseId" = f."baseId" AND q."recipientDomain" = $1
         AND q."attempts" = f."attempts" AND q."requireTls" IS NOT DISTINCT FROM f."requireTls"
         AND q."transport" = f."transport" AND q."nextAttempt" <= f."nextAttempt" AND NOT q."hold")
       FOR UPDATE OF q SKIP LOCKED
     )
     UPDATE "QueueMessage" q SET "attempts" = q."attempts" + 1, "lastAttempt" = $2,
       "nextAttempt" = ${nextAttemptSql("$2", 'q."attempts"', "$3")},
       "results" = q."results" || jsonb_build_array(jsonb_build_object('Start', $4::text, 'Duration', 0, 'Success', false,
         'Code', 0, 'Secode', '', 'Error', '${DELIVERING}'))
     FROM batch, first WHERE q."id" = batch."id"
     RETURNING ${QUEUE_COLUMNS.replace(/"(\w+)"/g, 'q."$1"')},
       CASE WHEN q."id" = first."id" THEN (SELECT c."raw" FROM "QueueContent" c WHERE c."id" = q."contentId") END AS content,
       EXISTS (SELECT 1 FROM "Suppression" s WHERE s."account" = q."senderAccount") AS "hasSuppressions",
       EXISTS (SELECT 1 FROM "Account" a WHERE a."name" = q."senderAccount" AND a."outgoingWebhookUrl" <> '') AS "hasWebhook"`,
);

export const claimParams = (domain: string, now: Date) => [domain, now.toISOString(), randomJitterSeconds(), now.toISOString()];

export async function claimBatch(sql: SqlClient, domain: string, now: Date): Promise<ClaimedBatch | null> {
  const { rows } = await runStatement<QueueRow & { content: Buffer | null; hasSuppressions: boolean; hasWebhook: boolean }>(sql, CLAIM, claimParams(domain, now));
  const head = rows.find((r) => r.content);
  if (!head) return null;
  return {
    messages: rows.map(({ content: _c, hasSuppressions: _s, hasWebhook: _w, ...row }) => toQueuedMessage(row)).sort((a, b) => (a.id < b.id ? -1 : 1)),
    content: head.content as Buffer,
    hasSuppressions: head.hasSuppressions as boolean,
    hasWebhook: head.hasWebhook as boolean,
  };
}

// Whether a delivery run for the domain would find work: checked after releasing the domain, so a message that
// arrived while the domain was busy is not left waiting for the next reconcile.
const HAS_DUE = statement("queue-has-due", `SELECT 1 FROM "QueueMessage" WHERE "recipientDomain" = $1 AND NOT "hold" AND "nextAttempt" <= $2 LIMIT 1`);

export async function hasDueMessages(sql: SqlClient, domain: string, now: Date): Promise<boolean> {
  const { rows } = await runStatement(sql, HAS_DUE, [domain, now.toISOString()]);
  return rows.length > 0;
}
