// What /healthz reports: whether this process can reach PostgreSQL and Redis, and how fast they answered.
import type { Db } from "../db/client";
import { errorText } from "../errors";
import type { Redis } from "../redis/connection";

export type ComponentHealth = { status: "ok" | "error"; latencyMs: number; error?: string };
export type Health = { status: "ok" | "error"; database: ComponentHealth; redis: ComponentHealth };

const TIMEOUT_MS = 2000;

async function probe(run: () => Promise<unknown>): Promise<ComponentHealth> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  try {
    await Promise.race([run(), timeout]);
    return { status: "ok", latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    return { status: "error", latencyMs: Math.round(performance.now() - start), error: errorText(err) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(deps: { db: Db; redis: Redis }): Promise<Health> {
  const [database, redis] = await Promise.all([
    probe(() => deps.db.$queryRaw`SELECT 1`),
    probe(() => deps.redis.ping()),
  ]);
  const ok = database.status === "ok" && redis.status === "ok";
  return { status: ok ? "ok" : "error", database, redis };
}
