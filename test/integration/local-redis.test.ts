import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config/env";
import { StartupError } from "../../server/errors";
import { pingRedis } from "../../server/redis/connection";
import { findOrStartRedis } from "../../server/redis/local";
import { freePort } from "../helpers/net";
import { quietLogger } from "../helpers/env";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

describe("Redis with REDIS_URL unset", () => {
  it("uses the default Redis when it answers", async () => {
    const found = await findOrStartRedis(loadConfig({}), quietLogger(), "redis://127.0.0.1:6379");
    expect(found.url).toBe("redis://127.0.0.1:6379");
  });

  it("starts a private redis-server when nothing answers, and stops it", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-redis-"));
    const port = await freePort();
    const config = loadConfig({ MAILROOM_DATA_DIR: dataDir, MAILROOM_PRIVATE_REDIS_PORT: String(port) });
    const local = await findOrStartRedis(config, quietLogger(), `redis://127.0.0.1:${await freePort()}`);
    expect(local.url).toBe(`redis://127.0.0.1:${port}`);
    await pingRedis(local.url);
    await local.stop();
    await expect(pingRedis(local.url)).rejects.toThrow();
  });

  it("says how to get Redis when none answers and redis-server is not installed", async () => {
    process.env.PATH = "/nonexistent";
    const config = loadConfig({ MAILROOM_PRIVATE_REDIS_PORT: String(await freePort()) });
    const err = await findOrStartRedis(config, quietLogger(), `redis://127.0.0.1:${await freePort()}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StartupError);
    expect((err as StartupError).line()).toBe(
      "no Redis answers on 127.0.0.1:6379 and redis-server is not installed: install Redis (e.g. apt-get install redis-server) or set REDIS_URL",
    );
  });
});
