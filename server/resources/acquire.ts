// What every process needs before it does anything: a reachable, migrated PostgreSQL and a reachable Redis.
// Unset URLs mean the embedded PostgreSQL and the local (or private) Redis. The effective URLs are put back in
// the environment, where the Next.js bundle reads them.
import type { Config } from "../config/env";
import { closeDb, createDb, type Db } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrate } from "../db/migrate";
import { assertDatabaseReachable } from "../db/reachable";
import { describeDatabaseUrl } from "../db/url";
import type { Logger } from "../log/logger";
import { assertRedisReachable, describeRedisUrl } from "../redis/connection";
import { findOrStartRedis } from "../redis/local";

export type Resources = { db: Db; databaseUrl: string; redisUrl: string; release: () => Promise<void> };

// A "process" runs until stopped: it needs Redis and takes over an embedded PostgreSQL left by a killed process.
// A "command" (the ops commands) only uses the database as it finds it; redisUrl is then "".
export type ResourceUser = "process" | "command";

export async function acquireResources(config: Config, logger: Logger, user: ResourceUser): Promise<Resources> {
  const releases: (() => Promise<void>)[] = [];
  const release = async () => {
    for (const r of releases.reverse()) await r().catch((err: unknown) => logger.warn({ err }, "release failed"));
  };
  try {
    const databaseUrl = await resolveDatabase(config, logger, releases, user);
    const applied = await migrate(databaseUrl);
    if (applied.length > 0) logger.info({ applied }, "database migrations applied");
    const redisUrl = user === "process" ? await resolveRedis(config, logger, releases) : "";
    process.env.DATABASE_URL = databaseUrl;
    if (redisUrl) process.env.REDIS_URL = redisUrl;
    // Each running delivery and webhook run holds a connection for its lock, the webhook listener one; the
    // rest serve everything else.
    const db = createDb(databaseUrl, config.delivery.concurrency + config.webhook.concurrency + 11);
    releases.push(() => closeDb(db));
    logger.info({ database: describeDatabaseUrl(databaseUrl), redis: redisUrl && describeRedisUrl(redisUrl) }, "database and redis ready");
    return { db, databaseUrl, redisUrl, release };
  } catch (err) {
    await release();
    throw err;
  }
}

async function resolveDatabase(config: Config, logger: Logger, releases: (() => Promise<void>)[], user: ResourceUser): Promise<string> {
  if (config.databaseUrl) {
    await assertDatabaseReachable(config.databaseUrl);
    return config.databaseUrl;
  }
  const embedded = await startEmbeddedPostgres(config, logger, { adoptOrphan: user === "process" });
  releases.push(embedded.stop);
  return embedded.url;
}

async function resolveRedis(config: Config, logger: Logger, releases: (() => Promise<void>)[]): Promise<string> {
  if (config.redisUrl) {
    await assertRedisReachable(config.redisUrl);
    return config.redisUrl;
  }
  const local = await findOrStartRedis(config, logger);
  releases.push(local.stop);
  return local.url;
}
