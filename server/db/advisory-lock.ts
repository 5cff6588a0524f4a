// PostgreSQL session advisory locks for "one at a time across all worker processes". They need no cleanup:
// the server drops a lock the moment its holder's connection closes, so a killed worker frees it at once.
import type pg from "pg";

// The lock lives on its own connection; the holder runs its queries on it too, so a run uses one connection
// from the pool.
export type SessionLock = { sql: pg.PoolClient; release(): Promise<void> };

// Takes the first free key of keys (one lock class, e.g. a domain's delivery slots), or returns null when all
// are held.
export async function tryAdvisoryLock(pool: pg.Pool, lockClass: number, keys: string[]): Promise<SessionLock | null> {
  const client = await pool.connect();
  try {
    for (const key of keys) {
      const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok`, [lockClass, key]);
      if (rows[0]!.ok) return held(client, lockClass, key);
    }
  } catch (err) {
    client.release(true);
    throw err;
  }
  client.release();
  return null;
}

function held(client: pg.PoolClient, lockClass: number, key: string): SessionLock {
  return {
    sql: client,
    async release() {
      try {
        await client.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [lockClass, key]);
        client.release();
      } catch {
        // A broken connection releases the lock with it; do not return it to the pool.
        client.release(true);
      }
    },
  };
}
