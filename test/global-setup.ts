// One fresh PostgreSQL database and one Redis key prefix per test run, dropped afterwards. Also makes sure the
// web build is current, so process tests do not each build it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { migrate } from "../server/db/migrate";
import { withDatabase } from "../server/db/url";
import { createLogger } from "../server/log/logger";
import { ensureWebBuild } from "../server/web/build";

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
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, name);
  await migrate(databaseUrl);
  await ensureWebBuild(root, createLogger("test-setup", "warn"));

  project.provide("databaseUrl", databaseUrl);
  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("redisUrl", redisUrl);
  project.provide("redisPrefix", `test-${name}`);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`test-${name}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  };
}
