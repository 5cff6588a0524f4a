// The admin operations on the outgoing queue and the retired messages (spec 3.7): list, count, and change
// the messages a filter selects. Each change returns how many messages it changed and kicks the delivery loop.
import { sqlPool, type Db, type SqlClient } from "../db/client";
import type { QueueMessage, RetiredMessage } from "../db/generated/client";
import { AppError } from "../errors";
import { checkMinutes } from "../listing/minutes";
import { listPage } from "../listing/page";
import type { Clock } from "../runtime/clock";
import { queueListSql, queueWhere, retiredListSql, type QueueFilter, type QueueSort, type RetiredFilter, type RetiredSort } from "./filter";

export type QueueAdminDeps = { db: Db; clock: Clock; kick: () => Promise<void> };

export type QueueListRow = Omit<QueueMessage, "msgPrefix" | "dsnUtf8">;
export type RetiredListRow = RetiredMessage;

// Every column but the message bytes; a record, so the compiler notices a column added to the model.
const QUEUE_LIST_COLUMNS: Record<keyof QueueListRow, true> = {
  id: true, baseId: true, queued: true, hold: true, senderAccount: true, senderLocalpart: true, senderDomain: true,
  senderDomainStr: true, fromId: true, recipientLocalpart: true, recipientDomain: true, recipientDomainStr: true,
  attempts: true, maxAttempts: true, dialedIps: true, nextAttempt: true, lastAttempt: true, results: true,
  has8bit: true, smtputf8: true, isDmarcReport: true, isTlsReport: true, size: true, messageIdHeader: true,
  subject: true, contentId: true, transport: true, requireTls: true, futureReleaseRequest: true, extra: true,
};
const QUEUE_LIST_SELECT = Object.keys(QUEUE_LIST_COLUMNS).map((c) => `"${c}"`).join(", ");

export async function queueSize(deps: QueueAdminDeps): Promise<number> {
  const { rows } = await sqlPool(deps.db).query<{ n: number }>(`SELECT count(*)::int AS n FROM "QueueMessage"`);
  return rows[0]!.n;
}

export async function queueList(deps: QueueAdminDeps, filter: QueueFilter, sort: QueueSort): Promise<QueueListRow[]> {
  return listPage(deps, `${QUEUE_LIST_SELECT} FROM "QueueMessage"`, queueListSql(filter, sort, deps.clock.now()), filter.max);
}

export async function retiredList(deps: QueueAdminDeps, filter: RetiredFilter, sort: RetiredSort): Promise<RetiredListRow[]> {
  return listPage(deps, `* FROM "RetiredMessage"`, retiredListSql(filter, sort, deps.clock.now()), filter.max);
}

// The ids a filter selects. Max takes the first ones in delivery order, so "the next N messages" is what an
// admin limit means. No rows are locked: callers that change them lock them themselves.
function selectIdsSql(filter: QueueFilter, now: Date, params: unknown[]): string {
  const { where } = queueWhere(filter, now, params);
  const limit = `$${params.push(filter.max || null)}`;
  return `SELECT "id" FROM "QueueMessage" WHERE ${where} ORDER BY "nextAttempt", "id" LIMIT ${limit}`;
}

export async function selectQueueIds(sql: SqlClient, filter: QueueFilter, now: Date): Promise<bigint[]> {
  const params: unknown[] = [];
  const { rows } = await sql.query<{ id: string }>(selectIdsSql(filter, now, params), params);
  return rows.map((r) => BigInt(r.id));
}

// One UPDATE of the selected messages; assignment refers to values as $1, $2, ...
async function updateQueued(deps: QueueAdminDeps, filter: QueueFilter, now: Date, assignment: string, values: unknown[]): Promise<number> {
  const params = [...values];
  const ids = selectIdsSql(filter, now, params);
  const { rowCount } = await sqlPool(deps.db).query(`UPDATE "QueueMessage" SET ${assignment} WHERE "id" IN (${ids})`, params);
  const changed = rowCount ?? 0;
  if (changed > 0) await deps.kick();
  return changed;
}

export async function queueHoldSet(deps: QueueAdminDeps, filter: QueueFilter, onHold: boolean): Promise<number> {
  return updateQueued(deps, filter, deps.clock.now(), `"hold" = $1`, [onHold]);
}

// Minutes from now; 0 makes the messages due now.
export async function queueNextAttemptSet(deps: QueueAdminDeps, filter: QueueFilter, minutes: number): Promise<number> {
  checkMinutes(minutes);
  const now = deps.clock.now();
  const at = new Date(now.getTime() + minutes * 60_000).toISOString();
  return updateQueued(deps, filter, now, `"nextAttempt" = $1::timestamp`, [at]);
}

// Moves each message's next attempt by minutes, earlier when negative.
export async function queueNextAttemptAdd(deps: QueueAdminDeps, filter: QueueFilter, minutes: number): Promise<number> {
  checkMinutes(minutes);
  return updateQueued(deps, filter, deps.clock.now(), `"nextAttempt" = "nextAttempt" + $1::int * interval '1 minute'`, [minutes]);
}

// null: follow the recipient domain's policy (MTA-STS, DANE).
export async function queueRequireTlsSet(deps: QueueAdminDeps, filter: QueueFilter, value: boolean | null): Promise<number> {
  return updateQueued(deps, filter, deps.clock.now(), `"requireTls" = $1::boolean`, [value]);
}

// "" delivers by the routes again; a name must be a configured transport.
export async function queueTransportSet(deps: QueueAdminDeps, filter: QueueFilter, transport: string): Promise<number> {
  if (transport) {
    const { rowCount } = await sqlPool(deps.db).query(`SELECT 1 FROM "Transport" WHERE "name" = $1`, [transport]);
    if (!rowCount) throw new AppError("user", `unknown transport ${JSON.stringify(transport)}`);
  }
  return updateQueued(deps, filter, deps.clock.now(), `"transport" = $1`, [transport]);
}

// How many queued messages a filter selects (Max ignored): the preview before a change by filter.
export async function queueCount(deps: Pick<QueueAdminDeps, "db" | "clock">, filter: QueueFilter): Promise<number> {
  const params: unknown[] = [];
  const { where } = queueWhere({ ...filter, max: 0 }, deps.clock.now(), params);
  const { rows } = await sqlPool(deps.db).query<{ n: number }>(`SELECT count(*)::int AS n FROM "QueueMessage" WHERE ${where}`, params);
  return rows[0]!.n;
}
