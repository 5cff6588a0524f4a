// A delivery attempt's two writes (spec 2.3). The claim records the attempt before the request: attempts + 1,
// the next attempt after the backoff, and a "delivering..." result, so a worker killed mid-request leaves a
// hook that is simply tried again later; hooks of a paused account are not claimed (pause.ts). The record
// replaces that result with the outcome, retires the hook on success or after the last attempt, and counts
// the outcome towards the account's pause.
import { runStatement, statement } from "../db/statement";
import type { SqlClient } from "../db/client";
import { goTime } from "./payload-json";
import { HOOK_INTERVALS_MS, HOOK_INTERVAL_BEYOND_MS, HOOK_MAX_ATTEMPTS } from "./backoff";
import { RESULT_DELIVERING, type HookResult } from "./hook-result";
import { countAttemptSql, notPausedSql } from "./pause";
import { retireHooksSql } from "./retire";

export type ClaimedHook = {
  id: bigint;
  account: string;
  url: string;
  authorization: string;
  payload: string;
  // Counted with this attempt: 1 for the first.
  attempts: number;
  // Newest first; empty: not signed.
  signingSecrets: string[];
  start: Date;
  // When it is tried again if this attempt fails.
  nextAttempt: Date;
};

const CLAIM_HOOK = statement(
  "webhook-claim",
  `UPDATE "Webhook" w SET
       "attempts" = w."attempts" + 1,
       "nextAttempt" = $2::timestamp + make_interval(secs => coalesce(($3::float8[])[w."attempts" + 1], $4) * (1 + $5::float8) / 1000),
       "results" = w."results" || jsonb_build_array(jsonb_build_object('Start', $6::text, 'Duration', 0, 'URL', w."url",
         'Success', false, 'Code', 0, 'Error', '${RESULT_DELIVERING}', 'Response', ''))
     FROM (SELECT "id" FROM "Webhook" d WHERE "url" = $1 AND "nextAttempt" <= $2 AND ${notPausedSql("d")}
           ORDER BY "nextAttempt", "id" LIMIT 1 FOR UPDATE SKIP LOCKED) due
     WHERE w."id" = due."id"
     RETURNING w."id", w."account", w."authorization", w."payload", w."attempts", w."nextAttempt",
       -- As activeSigningSecrets (signature.ts): the current secret, and the previous one during its overlap.
       (SELECT array_remove(ARRAY[a."webhookSigningSecret", CASE WHEN a."webhookSigningPreviousUntil" > $2 THEN a."webhookSigningPrevious" ELSE '' END], '')
        FROM "Account" a WHERE a."name" = w."account") AS "signingSecrets"`,
);

// The URL's most overdue hook, if any is due. jitter is the fraction added to the backoff (±0.01).
export async function claimHook(sql: SqlClient, url: string, now: Date, jitter: number): Promise<ClaimedHook | null> {
  const start = goTime(now);
  const { rows } = await runStatement<{ id: string; account: string; authorization: string; payload: string; attempts: number; nextAttempt: Date; signingSecrets: string[] | null }>(sql, CLAIM_HOOK, [url, now.toISOString(), HOOK_INTERVALS_MS, HOOK_INTERVAL_BEYOND_MS, jitter, start]);
  const row = rows[0];
  if (!row) return null;
  return { ...row, id: BigInt(row.id), url, signingSecrets: row.signingSecrets ?? [], start: now };
}

// Where the hook is after its result was recorded: still queued for a retry, retired, or already gone because
// a newer event superseded it or an admin canceled it during the request (the result then goes to its retired
// copy, if one is kept).
export type Recorded = "queued" | "retired" | "gone";

// $1 id, $2 attempts, $3 the result as a one-element array, $4 success, $5 the attempt's start, $6 the account.
const COUNT_SQL = `counted AS (${countAttemptSql({ account: "$6", success: "$4::boolean", now: "$5::timestamp" })})`;

const RETIRE = statement(
  "webhook-retire",
  retireHooksSql({
    ctes: COUNT_SQL,
    deleteSql: `DELETE FROM "Webhook" WHERE "id" = $1 AND "attempts" = $2 RETURNING *`,
    results: `(g."results" - -1) || $3::jsonb`,
    success: `$4::boolean`,
    lastActivity: `$5::timestamp`,
  }),
);
const RETRY = statement("webhook-retry", `WITH ${COUNT_SQL} UPDATE "Webhook" SET "results" = ("results" - -1) || $3::jsonb WHERE "id" = $1 AND "attempts" = $2`);

export async function recordHookResult(sql: SqlClient, hook: ClaimedHook, result: HookResult): Promise<Recorded> {
  const params = [hook.id.toString(), hook.attempts, JSON.stringify([result]), result.Success, hook.start.toISOString(), hook.account];
  if (!result.Success && hook.attempts < HOOK_MAX_ATTEMPTS) {
    const { rowCount } = await runStatement(sql, RETRY, params);
    if (rowCount) return "queued";
  } else {
    const { rows } = await runStatement<{ n: number }>(sql, RETIRE, params);
    if (rows[0]!.n > 0) return "retired";
  }
  await appendToRetired(sql, hook.id, result);
  return "gone";
}

const APPEND_TO_RETIRED = statement(
  "webhook-append-to-retired",
  `UPDATE "RetiredWebhook" SET "results" = "results" || jsonb_build_array(CASE WHEN "supersededById" > 0
       THEN $2::jsonb || jsonb_build_object('Error', ltrim($3 || ' (superseded)')) ELSE $2::jsonb END)
     WHERE "id" = $1`,
);

async function appendToRetired(sql: SqlClient, id: bigint, result: HookResult): Promise<void> {
  await runStatement(sql, APPEND_TO_RETIRED,
    [id.toString(), JSON.stringify(result), result.Error],
  );
}
