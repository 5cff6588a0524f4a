// The admin operations on the webhook queue and the retired webhooks (spec 2.7): size, list, reschedule and
// cancel the hooks a HookFilter selects. Changes return how many hooks they changed; a reschedule wakes the
// webhook workers (pg_notify, as queueing does).
import { sqlPool, type Db } from "../db/client";
import type { RetiredWebhook, Webhook } from "../db/generated/client";
import { checkMinutes } from "../listing/minutes";
import { listPage } from "../listing/page";
import type { Clock } from "../runtime/clock";
import { hookListSql, hookRetiredListSql, hookWhere, type HookFilter, type HookRetiredFilter, type HookRetiredSort, type HookSort } from "./hook-filter";
import type { HookResult } from "./hook-result";
import { goTime } from "./payload-json";
import { QUEUED_CHANNEL } from "./queued-listener";
import { retireHooksSql } from "./retire";

export type HookAdminDeps = { db: Db; clock: Clock };

// The Authorization value stays in the database: listings only say whether there is one, as retired hooks do.
export type HookListRow = Omit<Webhook, "authorization"> & { hasAuthorization: boolean };
export type HookRetiredRow = RetiredWebhook;

const HOOK_LIST_COLUMNS: Record<keyof Omit<Webhook, "authorization">, true> = {
  id: true, queueMsgId: true, fromId: true, messageId: true, subject: true, extra: true, account: true, url: true,
  isIncoming: true, outgoingEvent: true, payload: true, submitted: true, attempts: true, nextAttempt: true, results: true,
};
const HOOK_LIST_SELECT = `${Object.keys(HOOK_LIST_COLUMNS).map((c) => `"${c}"`).join(", ")}, "authorization" <> '' AS "hasAuthorization"`;

const CANCELED_BY_ADMIN = "canceled by admin";

export async function hookQueueSize(deps: HookAdminDeps): Promise<number> {
  const { rows } = await sqlPool(deps.db).query<{ n: number }>(`SELECT count(*)::int AS n FROM "Webhook"`);
  return rows[0]!.n;
}

export function hookList(deps: HookAdminDeps, filter: HookFilter, sort: HookSort): Promise<HookListRow[]> {
  return listPage(deps, `${HOOK_LIST_SELECT} FROM "Webhook"`, hookListSql(filter, sort, deps.clock.now()), filter.max);
}

export function hookRetiredList(deps: HookAdminDeps, filter: HookRetiredFilter, sort: HookRetiredSort): Promise<HookRetiredRow[]> {
  return listPage(deps, `* FROM "RetiredWebhook"`, hookRetiredListSql(filter, sort, deps.clock.now()), filter.max);
}

// The ids a filter selects; Max takes the first ones in delivery order.
function selectIdsSql(filter: HookFilter, now: Date, params: unknown[]): string {
  const { where } = hookWhere(filter, now, params);
  const limit = `$${params.push(filter.max || null)}`;
  return `SELECT "id" FROM "Webhook" WHERE ${where} ORDER BY "nextAttempt", "id" LIMIT ${limit}`;
}

async function updateHooks(deps: HookAdminDeps, filter: HookFilter, assignment: string, values: unknown[]): Promise<number> {
  const params = [...values];
  const ids = selectIdsSql(filter, deps.clock.now(), params);
  const { rows } = await sqlPool(deps.db).query<{ n: number }>(
    `WITH changed AS (UPDATE "Webhook" SET ${assignment} WHERE "id" IN (${ids}) RETURNING 1)
     SELECT count(*)::int AS n, pg_notify('${QUEUED_CHANNEL}', '') FROM changed`,
    params,
  );
  return rows[0]!.n;
}

// Minutes from now; 0 makes the hooks due now.
export async function hookNextAttemptSet(deps: HookAdminDeps, filter: HookFilter, minutes: number): Promise<number> {
  checkMinutes(minutes);
  const at = new Date(deps.clock.now().getTime() + minutes * 60_000);
  return updateHooks(deps, filter, `"nextAttempt" = $1::timestamp`, [at.toISOString()]);
}

// Moves each hook's next attempt by minutes, earlier when negative.
export async function hookNextAttemptAdd(deps: HookAdminDeps, filter: HookFilter, minutes: number): Promise<number> {
  checkMinutes(minutes);
  return updateHooks(deps, filter, `"nextAttempt" = "nextAttempt" + $1::int * interval '1 minute'`, [minutes]);
}

// The hooks leave the queue without another attempt; kept ones are retired as failed with a last result
// saying so. A hook whose request is in flight keeps it: its outcome is added to the retired copy.
export async function hookCancel(deps: HookAdminDeps, filter: HookFilter): Promise<number> {
  const now = deps.clock.now();
  const canceled: HookResult = { Start: goTime(now), Duration: 0, URL: "", Success: false, Code: 0, Error: CANCELED_BY_ADMIN, Response: "" };
  const params: unknown[] = [now.toISOString(), JSON.stringify([canceled])];
  const ids = selectIdsSql(filter, now, params);
  const { rows } = await sqlPool(deps.db).query<{ n: number }>(
    retireHooksSql({
      deleteSql: `DELETE FROM "Webhook" WHERE "id" IN (${ids}) RETURNING *`,
      results: `g."results" || $2::jsonb`,
      success: "false",
      lastActivity: "$1::timestamp",
    }),
    params,
  );
  return rows[0]!.n;
}

// How many queued hooks a filter selects (Max ignored): the preview before a change by filter.
export async function hookCount(deps: HookAdminDeps, filter: HookFilter): Promise<number> {
  const params: unknown[] = [];
  const { where } = hookWhere({ ...filter, max: 0 }, deps.clock.now(), params);
  const { rows } = await sqlPool(deps.db).query<{ n: number }>(`SELECT count(*)::int AS n FROM "Webhook" WHERE ${where}`, params);
  return rows[0]!.n;
}
