// One fresh PostgreSQL database and one Redis key prefix per test run, dropped afterwards. Also makes sure the
// web build is current, so process tests do not each build it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { migrate } from "../server/db/migrate";
import { withDatabase } from "../server/db/url";
import { createLogger } from "../server/log/logger";
import { ensureWebBuild } from "../server/web/build";
import { createDatabase, dropDatabase } from "./helpers/pg";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    adminDatabaseUrl: string;
    redisUrl: string;
    redisPrefix: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const name = `mailroom_test_${Date.now()}_${process.pid}`;
  await createDatabase(adminUrl, name);
  const databaseUrl = withDatabase(adminUrl, name);
  await migrate(databaseUrl);
  // Set MAILROOM_TEST_SKIP_WEB_BUILD=1 when running only files that start no web process.
  if (!process.env.MAILROOM_TEST_SKIP_WEB_BUILD) await ensureWebBuild(root, createLogger("test-setup", "warn"));

  project.provide("databaseUrl", databaseUrl);
  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("redisPrefix", `test-${name}`);

  return async () => {
    await dropDatabase(adminUrl, name);
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`test-${name}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  };
}
