// Messages leave the queue here (spec 3.5): delivered, failed for good, suppressed, or failed or dropped by an
// admin. When the sender's account keeps history (7 days if the account is gone) a retired copy stays for
// fromid and DSN matching and for the three-consecutive-failures rule. Content no other row uses is removed.
import { runStatement, statement } from "../db/statement";
import type { SqlClient } from "../db/client";
import type { MsgResult, QueuedMessage } from "./queued-message";

const GONE_ACCOUNT_KEEP_SECONDS = 7 * 24 * 3600;

export type Retirement = { message: QueuedMessage; results: MsgResult[]; lastAttempt: Date | null; success: boolean };

const RETIRE = statement(
  "queue-retire",
  `WITH input AS (
       SELECT * FROM unnest($1::bigint[], $2::jsonb[], $3::timestamp[], $4::bool[]) AS u("id", "results", "lastAttempt", "success")
     ), gone AS (
       DELETE FROM "QueueMessage" q USING input WHERE q."id" = input."id" RETURNING q.*
     ), kept AS (
       SELECT g.*, i."results" AS "finalResults", i."lastAttempt" AS "finalLastAttempt", i."success",
         coalesce(a."keepRetiredMessagePeriodSec", ${GONE_ACCOUNT_KEEP_SECONDS}) AS period
       FROM gone g JOIN input i ON i."id" = g."id" LEFT JOIN "Account" a ON a."name" = g."senderAccount"
     ), retired AS (
       INSERT INTO "RetiredMessage" ("id", "baseId", "queued", "senderAccount", "senderLocalpart", "senderDomainStr", "fromId",
         "recipientLocalpart", "recipientDomain", "recipientDomainStr", "recipientAddress", "attempts", "maxAttempts",
         "dialedIps", "lastAttempt", "results", "has8bit", "smtputf8", "isDmarcReport", "isTlsReport", "size",
         "messageIdHeader", "subject", "transport", "requireTls", "futureReleaseRequest", "extra", "success",
         "lastActivity", "keepUntil")
       SELECT "id", "baseId", "queued", "senderAccount", "senderLocalpart", "senderDomainStr", "fromId",
         "recipientLocalpart", "recipientDomain", "recipientDomainStr", "recipientLocalpart" || '@' || "recipientDomainStr",
         "attempts", "maxAttempts", "dialedIps", "finalLastAttempt", "finalResults", "has8bit", "smtputf8", "isDmarcReport",
         "isTlsReport", "size", "messageIdHeader", "subject", "transport", "requireTls", "futureReleaseRequest", "extra",
         "success", $5, $5::timestamp + make_interval(secs => period)
       FROM kept WHERE period > 0
     ), content AS (
       DELETE FROM "QueueContent" c WHERE c."id" IN (SELECT "contentId" FROM gone)
         AND NOT EXISTS (SELECT 1 FROM "QueueMessage" q WHERE q."contentId" = c."id" AND q."id" <> ALL($1::bigint[]))
     )
     SELECT "id" FROM gone`,
);

// Returns the ids actually retired: a row an admin removed meanwhile is skipped, so it gets no second event.
export async function retireMessages(sql: SqlClient, retirements: Retirement[], now: Date): Promise<Set<bigint>> {
  if (retirements.length === 0) return new Set();
  const per = <T>(f: (r: Retirement) => T) => retirements.map(f);
  const { rows } = await runStatement<{ id: string }>(sql, RETIRE,
    [
      per((r) => r.message.id.toString()),
      per((r) => JSON.stringify(r.results)),
      per((r) => r.lastAttempt?.toISOString() ?? null),
      per((r) => r.success),
      now.toISOString(),
    ],
  );
  return new Set(rows.map((r) => BigInt(r.id)));
}
