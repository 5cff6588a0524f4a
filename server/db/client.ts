// The Prisma client over the pg driver adapter (no native engine), and the pg pool beneath it for the few hot
// paths written in SQL: Prisma compiles every query anew, which costs more CPU than the query itself.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { sharedClientFor } from "../runtime/shared-client";
import { PrismaClient, type Prisma } from "./generated/client";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;
export type SqlClient = pg.Pool | pg.PoolClient;

const pools = new WeakMap<Db, pg.Pool>();

// Our timestamp columns hold UTC without a zone; pg would read them in the process's local zone. Prisma sets
// its own parsers per query, so this only concerns plain SQL.
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;
const parseUtcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);

const sqlTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_OID && format !== "binary" ? parseUtcTimestamp : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// For queries whose rows should look like Prisma's: int8 columns as bigint too.
export const prismaLikeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? BigInt : sqlTypes.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export function createDb(url: string, poolSize = 10): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: sqlTypes });
  // An idle connection that the server closes (a restart, a shutdown) is dropped by the pool and the next query
  // makes a new one; unhandled, that 'error' event would end the process.
  pool.on("error", () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

// A connection that a transaction never gave back because its server went away mid-query would keep the pool's
// end waiting forever; its socket is closed already, so waiting longer than this gains nothing.
const CLOSE_WAIT_MS = 1000;

// Prisma ends the pool only if it ever connected; a process that used only plain SQL would otherwise keep idle
// connections open, and itself running, until the pool's idle timeout.
export async function closeDb(db: Db): Promise<void> {
  const pool = sqlPool(db);
  const closed = db.$disconnect().then(() => (pool.ending ? undefined : pool.end()));
  let timer: NodeJS.Timeout | undefined;
  const givenUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
  await Promise.race([closed, givenUp]).finally(() => clearTimeout(timer));
}

export function sqlPool(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("database client was not made by createDb");
  return pool;
}

export async function withSqlTransaction<T>(db: Db, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool(db).connect();
  try {
    return await inTransaction(client, fn);
  } finally {
    client.release();
  }
}

// A transaction on a connection the caller already holds.
export async function inTransaction<C extends pg.PoolClient, T>(client: C, fn: (client: C) => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

export const sharedDb = sharedClientFor("DATABASE_URL", (url) => createDb(url));
