import type pg from "pg";
import { migrate } from "../../server/db/migrate";
import { withPgClient } from "../../server/db/pg-client";
import { withDatabase } from "../../server/db/url";

export function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return withPgClient(url, async (client) => (await client.query<T>(sql)).rows);
}

export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  await withPgClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withPgClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

// A migrated database of the test file's own, for tests whose effects are global (a hold rule that pauses the
// whole queue, a worker that delivers everything due) and must not touch other files' rows.
export async function isolatedDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now()}_${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
  await createDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  await migrate(url);
  return { url, drop: () => dropDatabase(adminUrl, name) };
}
