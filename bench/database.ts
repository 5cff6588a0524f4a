// A throwaway database for one benchmark run, migrated like production and dropped afterwards.
import { createDb, type Db } from "../server/db/client";
import { migrate } from "../server/db/migrate";
import { withDatabase } from "../server/db/url";
import { createDatabase, dropDatabase } from "../test/helpers/pg";

export type BenchDatabase = { url: string; db: Db; drop: () => Promise<void> };

export async function benchDatabase(): Promise<BenchDatabase> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `mailroom_bench_${Date.now()}_${process.pid}`;
  await createDatabase(adminUrl, name);
  const url = withDatabase(adminUrl, name);
  await migrate(url);
  const db = createDb(url, 20);
  return {
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      await dropDatabase(adminUrl, name);
    },
  };
}
