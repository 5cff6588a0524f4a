// At most N deliveries per recipient domain at a time (spec 3.2; N = 1 by default), across all worker
// processes. A PostgreSQL session advisory lock per (domain, slot): it needs no cleanup, because the server
// drops it the moment a killed worker's connection closes.
import type pg from "pg";

// The advisory lock key space for domain slots, distinct from the migration lock's.
const LOCK_CLASS = 0x6d61696c; // "mail"

// The lock lives on its own connection; the holder runs its queries on it too, so a delivery run uses one
// connection from the pool.
export type DomainLock = { sql: pg.PoolClient; release(): Promise<void> };

export async function tryLockDomain(pool: pg.Pool, domain: string, slots: number): Promise<DomainLock | null> {
  const client = await pool.connect();
  try {
    for (let slot = 0; slot < slots; slot++) {
      const key = `${slot}:${domain}`;
      const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok`, [LOCK_CLASS, key]);
      if (rows[0]!.ok) return held(client, key);
    }
  } catch (err) {
    client.release(true);
    throw err;
  }
  client.release();
  return null;
}

function held(client: pg.PoolClient, key: string): DomainLock {
  return {
    sql: client,
    async release() {
      try {
        await client.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [LOCK_CLASS, key]);
        client.release();
      } catch {
        // A broken connection releases the lock with it; do not return it to the pool.
        client.release(true);
      }
    },
  };
}
