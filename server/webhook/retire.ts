// Hooks leave the queue here (spec 2.3, 2.4, 2.7): delivered, failed for good, superseded or canceled. When the
// account keeps webhook history (7 days if the account is gone) a retired copy stays until its KeepUntil; the
// Authorization value is not kept, only whether there was one.
const GONE_ACCOUNT_KEEP_SECONDS = 7 * 24 * 3600;

// How the hooks leave: SQL expressions over the deleted row g (its columns, and what deleteSql returns besides).
export type HookRetirement = {
  // Queries the DELETE refers to, as "name AS (...)" entries of the WITH list.
  ctes?: string;
  // DELETE FROM "Webhook" ... RETURNING *, and any extra columns.
  deleteSql: string;
  results: string;
  success: string;
  lastActivity: string;
  supersededById?: string;
};

// One statement that takes hooks out of the queue, keeps retired copies where the account wants them, and
// returns how many hooks left the queue (column n).
export function retireHooksSql(r: HookRetirement): string {
  return `WITH ${r.ctes ? `${r.ctes}, ` : ""}gone AS (
      ${r.deleteSql}
    ), ended AS (
      SELECT g.*, ${r.results} AS "finalResults", ${r.success} AS "success", ${r.lastActivity} AS "lastActivity",
        ${r.supersededById ?? "0::bigint"} AS "supersededById"
      FROM gone g
    ), kept AS (
      ${insertRetiredHooksSql("ended")}
    )
    SELECT count(*)::int AS n FROM gone`;
}

function insertRetiredHooksSql(rows: string): string {
  return `INSERT INTO "RetiredWebhook" ("id", "queueMsgId", "fromId", "messageId", "subject", "extra", "account", "url",
      "hasAuthorization", "isIncoming", "outgoingEvent", "payload", "submitted", "supersededById", "attempts", "results",
      "success", "lastActivity", "keepUntil")
    SELECT r."id", r."queueMsgId", r."fromId", r."messageId", r."subject", r."extra", r."account", r."url",
      r."authorization" <> '', r."isIncoming", r."outgoingEvent", r."payload", r."submitted", r."supersededById", r."attempts",
      r."finalResults", r."success", r."lastActivity", r."lastActivity" + make_interval(secs => k."period")
    FROM ${rows} r
    CROSS JOIN LATERAL (
      SELECT coalesce((SELECT a."keepRetiredWebhookPeriodSec" FROM "Account" a WHERE a."name" = r."account"), ${GONE_ACCOUNT_KEEP_SECONDS}) AS "period"
    ) k
    WHERE k."period" > 0`;
}
