// A short-lived pg connection for start-up checks, migrations and admin statements: connect, run, always close.
import pg from "pg";

export async function withPgClient<T>(url: string, run: (client: pg.Client) => Promise<T>, connectTimeoutMs?: number): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  try {
    await client.connect();
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
