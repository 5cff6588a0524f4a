// Keyset pagination (spec 3.6, 2.7): rows are ordered by (sort column, id), and a following page starts
// strictly after the last row of the previous one, so rows added or removed meanwhile do not shift the pages.
import { z } from "zod";
import { AppError } from "../errors";
import { id } from "./id";
import { addParam, type SqlOrdered, type SqlWhere } from "./sql";

export const sortFields = {
  // With lastId > 0, last is the RFC 3339 time of the last row's sort field, and the page continues after that row.
  lastId: id.optional(),
  last: z.string().optional(),
  // Default descending.
  asc: z.boolean().optional(),
};

// A table's sort fields by name, each a timestamp column.
export type SortColumns = { sortColumns: Record<string, string>; defaultSort: string };

type Sort = { field?: string; lastId?: bigint; last?: string; asc?: boolean };

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

// Order by (field, id); for a following page also only rows strictly after (last, lastId) in that order.
export function buildOrder(table: SortColumns, sort: Sort, filtered: SqlWhere): SqlOrdered {
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
