// Keyset pagination (spec 3.6, 2.7): rows are ordered by (sort column, id), and a following page starts
// strictly after the last row of the previous one, so rows added or removed meanwhile do not shift the pages.
import { parseRfc3339 } from "../runtime/rfc3339";
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

// An RFC 3339 time (with up to nanoseconds) as a UTC timestamp literal for SQL. The fraction is cut to the
// microseconds PostgreSQL keeps; cutting, unlike rounding, keeps its order against every stored time.
function sqlTimestamp(s: string): string {
  const t = parseRfc3339(s);
  if (!t) throw new AppError("user", `last ${JSON.stringify(s)}: not an RFC 3339 time`);
  return `${t.utcSeconds.toISOString().slice(0, 19)}.${t.fraction.padEnd(6, "0").slice(0, 6)}`;
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
  const last = addParam(filtered.params, sqlTimestamp(sort.last));
  const lastId = addParam(filtered.params, String(sort.lastId));
  const after = `(${column}, "id") ${sort.asc ? ">" : "<"} (${last}::timestamp, ${lastId}::bigint)`;
  return { where: `${filtered.where} AND ${after}`, params: filtered.params, orderBy };
}
