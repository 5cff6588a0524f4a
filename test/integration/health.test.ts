import { afterAll, describe, expect, it } from "vitest";
import { checkHealth } from "../../server/health/check";
import { createRedis } from "../../server/redis/connection";
import { freePort } from "../helpers/net";
import { redisUrl, testDb } from "../helpers/env";

const db = testDb();
const redis = createRedis(redisUrl());
afterAll(async () => {
  redis.disconnect();
  await db.$disconnect();
});

describe("checkHealth", () => {
  it("reports ok with latencies when PostgreSQL and Redis answer", async () => {
    const h = await checkHealth({ db, redis });
    expect(h.status).toBe("ok");
    expect(h.database.status).toBe("ok");
    expect(h.redis.status).toBe("ok");
    expect(h.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("reports the component that fails", async () => {
    const dead = createRedis(`redis://127.0.0.1:${await freePort()}`);
    dead.on("error", () => undefined);
    try {
      const h = await checkHealth({ db, redis: dead });
      expect(h.status).toBe("error");
      expect(h.database.status).toBe("ok");
      expect(h.redis.status).toBe("error");
      expect(h.redis.error).toBeTruthy();
    } finally {
      dead.disconnect();
    }
  });
});
