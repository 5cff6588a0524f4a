// Which queued or retired messages an admin operation or listing applies to, and in which order (spec 3.6):
// the filter and sort types with their input schemas, and their translation to SQL for both tables.
import { z } from "zod";
import { id } from "../listing/id";
import { buildOrder, sortFields, type SortColumns } from "../listing/keyset";
import { addParam, type SqlOrdered, type SqlWhere } from "../listing/sql";
import { timeConditions, timeFilter, type TimeCondition } from "../listing/time-filter";

// Only set, non-empty fields apply.
const commonFilterFields = {
  // 0: no limit.
  max: z.int().min(0).optional(),
  ids: z.array(id).optional(),
  // Exact sender account.
  account: z.string().optional(),
  // Substrings of the sender and recipient address.
  from: z.string().optional(),
  to: z.string().optional(),
  // Time filters: "<D" or ">D", D a Go duration or "now", relative to now.
  submitted: timeFilter.optional(),
  // Exact transport name, "" for default routing; null: any.
  transport: z.string().nullable().optional(),
};

export const queueFilterSchema = z.strictObject({
  ...commonFilterFields,
  hold: z.boolean().nullable().optional(),
  nextAttempt: timeFilter.optional(),
});

export const retiredFilterSchema = z.strictObject({
  ...commonFilterFields,
  lastActivity: timeFilter.optional(),
  success: z.boolean().nullable().optional(),
});

export const queueSortSchema = z.strictObject({ field: z.enum(["", "NextAttempt", "Queued"]).optional(), ...sortFields });
export const retiredSortSchema = z.strictObject({ field: z.enum(["", "LastActivity", "Queued"]).optional(), ...sortFields });

export type QueueFilter = z.output<typeof queueFilterSchema>;
export type RetiredFilter = z.output<typeof retiredFilterSchema>;
export type QueueSort = z.output<typeof queueSortSchema>;
export type RetiredSort = z.output<typeof retiredSortSchema>;

// What differs between the two tables; everything else about filtering and sorting is shared.
type TableSql = SortColumns & { sender: string; recipient: string };

const QUEUE: TableSql = {
  sender: `"senderLocalpart" || '@' || "senderDomainStr"`,
  recipient: `"recipientLocalpart" || '@' || "recipientDomainStr"`,
  sortColumns: { NextAttempt: `"nextAttempt"`, Queued: `"queued"` },
  defaultSort: "NextAttempt",
};

const RETIRED: TableSql = {
  sender: QUEUE.sender,
  recipient: `"recipientAddress"`,
  sortColumns: { LastActivity: `"lastActivity"`, Queued: `"queued"` },
  defaultSort: "LastActivity",
};

type CommonFilter = Pick<QueueFilter, "ids" | "account" | "from" | "to" | "submitted" | "transport">;
// Table-specific fields: exact boolean columns, and time columns.
type ExtraConditions = { flags: [string, boolean | null | undefined][]; times: TimeCondition[] };

function buildWhere(table: TableSql, f: CommonFilter, extra: ExtraConditions, now: Date, params: unknown[]): SqlWhere {
  const p = (value: unknown) => addParam(params, value);
  const conditions: string[] = [];
  if (f.ids?.length) conditions.push(`"id" = ANY(${p(f.ids.map(String))}::bigint[])`);
  if (f.account) conditions.push(`"senderAccount" = ${p(f.account)}`);
  if (f.transport != null) conditions.push(`"transport" = ${p(f.transport)}`);
  const contains = (expr: string, needle: string) => `strpos(lower(${expr}), lower(${p(needle)})) > 0`;
  const addresses = [f.from && contains(table.sender, f.from), f.to && contains(table.recipient, f.to)].filter(Boolean);
  // Mirrors mox: with both From and To set, a message matches when either matches (spec 13 quirk 6).
  if (addresses.length > 0) conditions.push(`(${addresses.join(" OR ")})`);
  for (const [column, value] of extra.flags) {
    if (value != null) conditions.push(`${column} = ${p(value)}`);
  }
  const times: TimeCondition[] = [["submitted", `"queued"`, f.submitted], ...extra.times];
  conditions.push(...timeConditions(times, now, params));
  return { where: conditions.join(" AND ") || "TRUE", params };
}

// Conditions on "QueueMessage"; parameters are appended to params, so callers can put their own first.
export function queueWhere(f: QueueFilter, now: Date, params: unknown[] = []): SqlWhere {
  return buildWhere(QUEUE, f, { flags: [[`"hold"`, f.hold]], times: [["nextAttempt", `"nextAttempt"`, f.nextAttempt]] }, now, params);
}

export function retiredWhere(f: RetiredFilter, now: Date, params: unknown[] = []): SqlWhere {
  return buildWhere(RETIRED, f, { flags: [[`"success"`, f.success]], times: [["lastActivity", `"lastActivity"`, f.lastActivity]] }, now, params);
}

export function queueListSql(f: QueueFilter, sort: QueueSort, now: Date): SqlOrdered {
  return buildOrder(QUEUE, sort, queueWhere(f, now));
}

export function retiredListSql(f: RetiredFilter, sort: RetiredSort, now: Date): SqlOrdered {
  return buildOrder(RETIRED, sort, retiredWhere(f, now));
}
