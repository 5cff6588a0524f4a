// ioredis connections. BullMQ workers need maxRetriesPerRequest null (blocking commands wait for reconnects).
import { Redis } from "ioredis";
import { StartupError, errorText } from "../errors";
import { sharedClientFor } from "../runtime/shared-client";

export type { Redis };

export function createRedis(url: string, opts: { forWorker?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: opts.forWorker ? null : 3,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}

export function describeRedisUrl(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "6379"}${u.pathname && u.pathname !== "/" ? u.pathname : ""}`;
}

// One PING with a short timeout and no retries.
export async function pingRedis(url: string, timeoutMs = 2000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis rejects connect() with "Connection is closed."; the cause (ECONNREFUSED...) is in the error event.
  let cause: unknown;
  client.on("error", (err) => (cause ??= err));
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw cause ?? err;
  } finally {
    client.disconnect();
  }
}

export async function assertRedisReachable(url: string): Promise<void> {
  try {
    await pingRedis(url);
  } catch (err) {
    throw new StartupError(
      "redis",
      `Redis is not reachable at ${describeRedisUrl(url)} (${errorText(err)})`,
      "start Redis, or fix REDIS_URL",
    );
  }
}

export const sharedRedis = sharedClientFor("REDIS_URL", (url) => {
  const client = createRedis(url);
  // Health checks report an unreachable Redis; the connection keeps retrying quietly meanwhile.
  client.on("error", () => undefined);
  return client;
});
