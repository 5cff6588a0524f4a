import type pg from "pg";
import { withPgClient } from "../../server/db/pg-client";

export function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  return withPgClient(url, async (client) => (await client.query<T>(sql)).rows);
}

export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  await withPgClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withPgClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
