// Applies pending migrations from prisma/migrations at start. It keeps Prisma's own bookkeeping table, so the
// Prisma CLI sees the same history, and takes an advisory lock, so processes starting together apply each
// migration once.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { StartupError, errorText } from "../errors";
import { withPgClient } from "./pg-client";

export const defaultMigrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations");

const LOCK_KEY = 0x6d61696c; // arbitrary, constant: "mail"

const BOOKKEEPING_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type Migration = { name: string; sql: string; checksum: string };

export async function listMigrations(dir = defaultMigrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

// Returns the names of the migrations it applied.
export async function migrate(url: string, dir = defaultMigrationsDir): Promise<string[]> {
  const migrations = await listMigrations(dir);
  return withPgClient(url, async (client) => {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(BOOKKEEPING_DDL);
    const done = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(done.rows.map((r) => r.migration_name));
    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const m of pending) await applyOne(client, m);
    return pending.map((m) => m.name);
  });
}

async function applyOne(client: pg.Client, m: Migration): Promise<void> {
  try {
    await client.query("BEGIN");
    await client.query(m.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES ($1, $2, now(), $3, 1)`,
      [randomUUID(), m.checksum, m.name],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new StartupError(
      "migration",
      `database migration ${m.name} failed (${errorText(err)})`,
      "nothing of it was applied; fix the database or the migration and start again",
    );
  }
}
