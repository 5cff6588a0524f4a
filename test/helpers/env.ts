import { inject } from "vitest";
import { createDb } from "../../server/db/client";
import { createLogger } from "../../server/log/logger";

export const databaseUrl = () => inject("databaseUrl");
export const redisUrl = () => inject("redisUrl");
export const redisPrefix = () => inject("redisPrefix");
export const adminDatabaseUrl = () => inject("adminDatabaseUrl");
// A Redis database of a test's own, so flushing it is a real FLUSHDB that touches no other test.
export const redisDatabaseUrl = (n: number) => {
  const u = new URL(redisUrl());
  u.pathname = `/${n}`;
  return u.toString();
};

export const testDb = () => createDb(databaseUrl(), 4);
export const quietLogger = () => createLogger("test", "silent");

// Names unique within a run, so tests sharing the run's database do not collide.
let counter = 0;
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${process.pid}x${counter}x${Math.random().toString(36).slice(2, 7)}`;
}
