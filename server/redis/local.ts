// With REDIS_URL unset: use Redis on 127.0.0.1:6379 if one answers; else a private redis-server under the data
// directory (nothing kept on disk: Redis only schedules, PostgreSQL holds the truth); else say how to get one.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/env";
import { StartupError } from "../errors";
import type { Logger } from "../log/logger";
import { waitUntil } from "../net/probe";
import { pingRedis } from "./connection";

export type LocalRedis = { url: string; stop: () => Promise<void> };

const DEFAULT_URL = "redis://127.0.0.1:6379";

export async function findOrStartRedis(config: Config, logger: Logger, defaultUrl = DEFAULT_URL): Promise<LocalRedis> {
  const noop = async () => undefined;
  if (await answers(defaultUrl)) return { url: defaultUrl, stop: noop };

  const port = config.ports.privateRedis;
  const url = `redis://127.0.0.1:${port}`;
  if (await answers(url)) {
    logger.info({ port }, "using the private redis-server that is already running");
    return { url, stop: noop };
  }
  const binary = findOnPath("redis-server");
  if (!binary) {
    throw new StartupError(
      "redis",
      "no Redis answers on 127.0.0.1:6379 and redis-server is not installed",
      "install Redis (e.g. apt-get install redis-server) or set REDIS_URL",
    );
  }
  const dir = path.join(config.dataDir, "redis");
  await mkdir(dir, { recursive: true });
  const child = spawn(
    binary,
    ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir, "--logfile", path.join(dir, "redis.log")],
    { stdio: "ignore" },
  );
  let exited = false;
  child.once("exit", () => (exited = true));
  if (!(await waitUntil(async () => exited || (await answers(url)), 10_000)) || exited) {
    child.kill("SIGKILL");
    throw new StartupError(
      "redis",
      `the private redis-server on 127.0.0.1:${port} did not start (see ${path.join(dir, "redis.log")})`,
      "free that port or set MAILROOM_PRIVATE_REDIS_PORT, or set REDIS_URL",
    );
  }
  logger.info({ port, dir }, "private redis-server started");
  return {
    url,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    },
  };
}

// For a command that only adds work: the Redis a process would use, if one answers; it starts none.
export async function findRunningRedis(config: Config, defaultUrl = DEFAULT_URL): Promise<string | undefined> {
  const candidates = config.redisUrl ? [config.redisUrl] : [defaultUrl, `redis://127.0.0.1:${config.ports.privateRedis}`];
  for (const url of candidates) if (await answers(url)) return url;
  return undefined;
}

async function answers(url: string): Promise<boolean> {
  try {
    await pingRedis(url, 500);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}
