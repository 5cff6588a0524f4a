// One delivery run for a webhook URL (spec 2.3): take the URL's lock, so at most one request is in flight per
// URL across all workers, post its due hooks oldest first, release, and look again for hooks that became due
// while the URL was busy. A run that finds the URL locked leaves: the holder looks again on release. A run
// gives up its worker slot after a turn of about a second, so a slow receiver cannot starve the others.
import { STATUS_CODES } from "node:http";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { tryAdvisoryLock } from "../db/advisory-lock";
import { sqlPool, type SqlClient } from "../db/client";
import { errorText } from "../errors";
import { claimHook, recordHookResult, type ClaimedHook } from "./attempt";
import { hookJitter } from "./backoff";
import type { WebhookDeliveryDeps } from "./delivery-deps";
import type { HookResult } from "./hook-result";
import { notPausedSql } from "./pause";
import { goTime } from "./payload-json";
import { postHook, type HookResponse } from "./post";
import { signWebhook } from "./signature";

// The advisory lock key space for webhook URLs.
const LOCK_CLASS = 0x686f6f6b; // "hook"
const TURN_MS = 1000;

export async function deliverUrl(deps: WebhookDeliveryDeps, url: string): Promise<void> {
  const pool = sqlPool(deps.db);
  for (;;) {
    const lock = await tryAdvisoryLock(pool, LOCK_CLASS, [url]);
    if (!lock) return;
    let turnOver = false;
    try {
      turnOver = await drainUrl(deps, lock.sql, url);
    } finally {
      await lock.release();
    }
    if (turnOver) return schedule(deps, url, deps.clock.now());
    if (!(await hasDueHooks(pool, url, deps.clock.now()))) return;
  }
}

// Returns whether the turn ended with hooks perhaps still due.
async function drainUrl(deps: WebhookDeliveryDeps, sql: pg.PoolClient, url: string): Promise<boolean> {
  const turnEnds = performance.now() + TURN_MS;
  for (;;) {
    const hook = await claimHook(sql, url, deps.clock.now(), hookJitter(deps.random));
    if (!hook) return false;
    await attemptHook(deps, sql, hook);
    if (performance.now() > turnEnds) return true;
  }
}

async function attemptHook(deps: WebhookDeliveryDeps, sql: SqlClient, hook: ClaimedHook): Promise<void> {
  const began = performance.now();
  const signature = signWebhook(hook.signingSecrets, hook.payload, hook.start);
  const response = await postHook(deps.dispatcher, { ...hook, attempt: hook.attempts, signature, timeoutMs: deps.timeoutMs });
  const result: HookResult = {
    Start: goTime(hook.start),
    Duration: Math.round((performance.now() - began) * 1e6),
    URL: hook.url,
    Success: response.error === "",
    Code: response.code,
    Error: response.error,
    Response: response.response,
  };
  const where = await recordHookResult(sql, hook, result);
  deps.metrics.webhookRequest(resultCode(response), result.Duration / 1e9);
  const fields = { hook: hook.id.toString(), url: hook.url, attempt: hook.attempts, code: result.Code, where };
  if (result.Success) deps.logger.debug(fields, "webhook delivered");
  else deps.logger.info({ ...fields, err: result.Error }, "webhook attempt failed");
  if (where === "queued") await schedule(deps, hook.url, hook.nextAttempt);
}

// As mox_webhook_results_total labels it: a known status code, <major>xx for another, or error (no response).
function resultCode(response: HookResponse): string {
  if (response.code === 0) return "error";
  return STATUS_CODES[response.code] ? String(response.code) : `${Math.floor(response.code / 100)}xx`;
}

// A lost schedule only delays the hook until the next reconcile tick.
async function schedule(deps: WebhookDeliveryDeps, url: string, at: Date): Promise<void> {
  await deps.schedule(url, at).catch((err: unknown) => deps.logger.warn({ url, err: errorText(err) }, "could not schedule webhook run"));
}

async function hasDueHooks(sql: SqlClient, url: string, now: Date): Promise<boolean> {
  const { rows } = await sql.query(`SELECT 1 FROM "Webhook" w WHERE "url" = $1 AND "nextAttempt" <= $2 AND ${notPausedSql("w")} LIMIT 1`, [url, now.toISOString()]);
  return rows.length > 0;
}
