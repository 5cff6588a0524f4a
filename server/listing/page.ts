import type pg from "pg";
import { prismaLikeTypes, sqlPool, type Db } from "../db/client";
import type { SqlOrdered } from "./sql";

// One page of a listing: SELECT from, filtered and ordered by q, at most max rows (0: all). Rows come back
// as Prisma would return them, the types the listings declare.
export async function listPage<T extends pg.QueryResultRow>(deps: { db: Db }, from: string, q: SqlOrdered, max: number | undefined): Promise<T[]> {
  const limit = `$${q.params.push(max || null)}`;
  const { rows } = await sqlPool(deps.db).query<T>({
    text: `SELECT ${from} WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT ${limit}`,
    values: q.params,
    types: prismaLikeTypes,
  });
  return rows;
}
