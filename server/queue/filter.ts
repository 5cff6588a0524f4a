// Which queued or retired messages an admin operation or listing applies to, and in which order (spec 3.6):
// the filter and sort types with their input schemas, and their translation to SQL for both tables. The time
// filters and the keyset pagination are shared with the webhook queue's (spec 2.7).
import { z } from "zod";
import { AppError, errorText } from "../errors";

export const id = z.union([z.bigint(), z.int(), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));

export const timeFilter = z.string().superRefine((s, ctx) => {
  if (!s) return;
  try {
    parseTimeFilter("time", s);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: errorText(err) });
  }
});

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

export const sortFields = {
  // Keyset pagination: with lastId > 0, last is the RFC 3339 time of the last row's sort field, and the page
  // continues after that row.
  lastId: id.optional(),
  last: z.string().optional(),
  // Default descending.
  asc: z.boolean().optional(),
};

export const queueSortSchema = z.strictObject({ field: z.enum(["", "NextAttempt", "Queued"]).optional(), ...sortFields });
export const retiredSortSchema = z.strictObject({ field: z.enum(["", "LastActivity", "Queued"]).optional(), ...sortFields });

export type QueueFilter = z.output<typeof queueFilterSchema>;
export type RetiredFilter = z.output<typeof retiredFilterSchema>;
export type QueueSort = z.output<typeof queueSortSchema>;
export type RetiredSort = z.output<typeof retiredSortSchema>;

const UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_TERM = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
// Go durations are int64 nanoseconds.
const MAX_DURATION_MS = 2 ** 63 / 1e6;

// A Go duration (time.ParseDuration) in milliseconds: "1h30m", "-30m", "1.5h", "300ms", "0".
export function parseGoDuration(s: string): number {
  const sign = s.startsWith("-") ? -1 : 1;
  const unsigned = s.replace(/^[-+]/, "");
  if (unsigned === "0") return 0;
  if (!DURATION.test(unsigned)) throw new AppError("user", `invalid duration ${JSON.stringify(s)}: use e.g. 1h, -30m, 1h30m, 1.5h or 300ms`);
  const ms = [...unsigned.matchAll(DURATION_TERM)].reduce((sum, m) => sum + Number(m[1]) * UNITS_MS[m[2]!]!, 0);
  if (ms >= MAX_DURATION_MS) throw new AppError("user", `invalid duration ${JSON.stringify(s)}: too large`);
  return sign * ms;
}

type TimeBound = { before: boolean; offsetMs: number };

// "<D": strictly before now+D, ">D": strictly after; D is a Go duration or "now".
function parseTimeFilter(name: string, s: string): TimeBound {
  const op = s[0];
  if (op !== "<" && op !== ">") {
    throw new AppError("user", `${name} filter ${JSON.stringify(s)}: must start with "<" for before or ">" for after now plus a duration`);
  }
  const d = s.slice(1).trim();
  try {
    return { before: op === "<", offsetMs: d === "now" ? 0 : parseGoDuration(d) };
  } catch (err) {
    throw new AppError("user", `${name} filter: ${errorText(err)}`);
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

// An RFC 3339 time (with up to nanoseconds) as a UTC timestamp literal for SQL. The fraction is cut to the
// microseconds PostgreSQL keeps; cutting, unlike rounding, keeps its order against every stored time.
function parseRfc3339(s: string): string {
  const m = RFC3339.exec(s);
  if (!m) throw new AppError("user", `last ${JSON.stringify(s)}: not an RFC 3339 time`);
  const wall = new Date(`${s.slice(0, 19)}Z`);
  // Dates roll over out-of-range fields (February 30, hour 24); a valid time comes back unchanged.
  if (Number.isNaN(wall.getTime()) || wall.toISOString().slice(0, 19) !== s.slice(0, 19)) {
    throw new AppError("user", `last ${JSON.stringify(s)}: not a valid time`);
  }
  const [, fraction = "", sign, hours, minutes] = m;
  const offsetMinutes = sign ? (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0;
  const utc = new Date(wall.getTime() - offsetMinutes * 60_000);
  return `${utc.toISOString().slice(0, 19)}.${fraction.padEnd(6, "0").slice(0, 6)}`;
}

export type SqlWhere = { where: string; params: unknown[] };
export type SqlOrdered = SqlWhere & { orderBy: string };

// What differs between the two tables; everything else about filtering and sorting is shared.
type TableSql = {
  sender: string;
  recipient: string;
  sortColumns: Record<string, string>;
  defaultSort: string;
};

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
// Filter name, column, "<D" or ">D".
export type TimeCondition = [string, string, string | undefined];
// Table-specific fields: exact boolean columns, and time columns.
type ExtraConditions = { flags: [string, boolean | null | undefined][]; times: TimeCondition[] };

export function addParam(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

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

// Conditions for the set time filters.
export function timeConditions(times: TimeCondition[], now: Date, params: unknown[]): string[] {
  return times.flatMap(([name, column, spec]) => {
    if (!spec) return [];
    const bound = parseTimeFilter(name, spec);
    return [`${column} ${bound.before ? "<" : ">"} ${addParam(params, new Date(now.getTime() + bound.offsetMs).toISOString())}::timestamp`];
  });
}

// Conditions on "QueueMessage"; parameters are appended to params, so callers can put their own first.
export function queueWhere(f: QueueFilter, now: Date, params: unknown[] = []): SqlWhere {
  return buildWhere(QUEUE, f, { flags: [[`"hold"`, f.hold]], times: [["nextAttempt", `"nextAttempt"`, f.nextAttempt]] }, now, params);
}

export function retiredWhere(f: RetiredFilter, now: Date, params: unknown[] = []): SqlWhere {
  return buildWhere(RETIRED, f, { flags: [[`"success"`, f.success]], times: [["lastActivity", `"lastActivity"`, f.lastActivity]] }, now, params);
}

type Sort = { field?: string; lastId?: bigint; last?: string; asc?: boolean };

// Order by (field, id); for a following page also only rows strictly after (last, lastId) in that order.
export function buildOrder(table: Pick<TableSql, "sortColumns" | "defaultSort">, sort: Sort, filtered: SqlWhere): SqlOrdered {
  const field = sort.field || table.defaultSort;
  const column = table.sortColumns[field];
  if (!column) throw new AppError("user", `unknown sort field ${JSON.stringify(sort.field)}`);
  const dir = sort.asc ? "ASC" : "DESC";
  const orderBy = `${column} ${dir}, "id" ${dir}`;
  if (!sort.lastId || sort.lastId <= 0n) return { ...filtered, orderBy };
  if (!sort.last) throw new AppError("user", "last is required with lastId");
  const last = addParam(filtered.params, parseRfc3339(sort.last));
  const lastId = addParam(filtered.params, String(sort.lastId));
  const after = `(${column}, "id") ${sort.asc ? ">" : "<"} (${last}::timestamp, ${lastId}::bigint)`;
  return { where: `${filtered.where} AND ${after}`, params: filtered.params, orderBy };
}

export function queueListSql(f: QueueFilter, sort: QueueSort, now: Date): SqlOrdered {
  return buildOrder(QUEUE, sort, queueWhere(f, now));
}

export function retiredListSql(f: RetiredFilter, sort: RetiredSort, now: Date): SqlOrdered {
  return buildOrder(RETIRED, sort, retiredWhere(f, now));
}
