// Acceptance: PostgreSQL down, Redis down, a port in use, bad configuration: one clear line naming the problem
// and the fix, a non-zero exit, no stack trace.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, redisPrefix, redisUrl } from "../helpers/env";
import { freePort } from "../helpers/net";
import { baseEnv, runMailroom } from "../helpers/process";

function expectOneLine(result: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

let blocker: net.Server;
let busyPort = 0;
beforeAll(async () => {
  busyPort = await freePort();
  blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(busyPort, "127.0.0.1", r));
});
afterAll(() => new Promise<void>((r) => blocker.close(() => r())));

const common = () => ({ MAILROOM_LISTEN: "127.0.0.1", MAILROOM_REDIS_PREFIX: redisPrefix() });

describe("startup errors", () => {
  it("PostgreSQL down", async () => {
    const port = await freePort();
    const r = await runMailroom(["smtp"], baseEnv({ ...common(), DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/mail`, REDIS_URL: redisUrl() }));
    expectOneLine(r, new RegExp(`^mailroom: PostgreSQL is not reachable at 127\\.0\\.0\\.1:${port}/mail \\(ECONNREFUSED\\): start PostgreSQL`));
  });

  it("PostgreSQL database missing", async () => {
    const url = new URL(databaseUrl());
    url.pathname = "/no_such_database_here";
    const r = await runMailroom(["worker"], baseEnv({ ...common(), DATABASE_URL: url.toString(), REDIS_URL: redisUrl() }));
    expectOneLine(r, /^mailroom: PostgreSQL at .*no_such_database_here: the database does not exist: create it/);
  });

  it("Redis down", async () => {
    const port = await freePort();
    const r = await runMailroom(["worker"], baseEnv({ ...common(), DATABASE_URL: databaseUrl(), REDIS_URL: `redis://127.0.0.1:${port}` }));
    expectOneLine(r, new RegExp(`^mailroom: Redis is not reachable at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): start Redis, or fix REDIS_URL`));
  });

  it("web port in use", async () => {
    const env = baseEnv({ ...common(), DATABASE_URL: databaseUrl(), REDIS_URL: redisUrl(), MAILROOM_WEB_PORT: String(busyPort) });
    const r = await runMailroom(["web"], env);
    expectOneLine(r, new RegExp(`^mailroom: port ${busyPort} on 127\\.0\\.0\\.1 is already in use \\(web\\): .*MAILROOM_WEB_PORT`));
  });

  it("SMTP port in use", async () => {
    const env = baseEnv({
      ...common(),
      DATABASE_URL: databaseUrl(),
      REDIS_URL: redisUrl(),
      MAILROOM_SMTP_PORT: String(await freePort()),
      MAILROOM_SUBMISSION_PORT: String(busyPort),
      MAILROOM_SUBMISSIONS_PORT: String(await freePort()),
    });
    const r = await runMailroom(["smtp"], env);
    expectOneLine(r, new RegExp(`^mailroom: port ${busyPort} on 127\\.0\\.0\\.1 is already in use \\(submission\\): .*MAILROOM_SUBMISSION_PORT`));
  });

  it("metrics port in use", async () => {
    const env = baseEnv({ ...common(), DATABASE_URL: databaseUrl(), REDIS_URL: redisUrl(), MAILROOM_METRICS_PORT: String(busyPort) });
    const r = await runMailroom(["worker"], env);
    expectOneLine(r, new RegExp(`^mailroom: port ${busyPort} on 127\\.0\\.0\\.1 is already in use \\(metrics\\): .*MAILROOM_METRICS_PORT`));
  });

  it("invalid configuration", async () => {
    const r = await runMailroom(["web"], baseEnv({ MAILROOM_WEB_PORT: "http" }));
    expectOneLine(r, /^mailroom: invalid MAILROOM_WEB_PORT .*: fix MAILROOM_WEB_PORT/);
  });
});
