// Acceptance: kill -9 of the webhook worker mid-delivery and a flushed Redis lose no webhook. The attempts in
// flight at the kill were recorded before their requests, so they wait for their retry; a worker started
// afterwards finds every other hook from the database alone, and an admin reschedule brings the interrupted
// ones forward. Every hook reaches the receiver with status 200 and is retired as a success.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, sqlPool, type Db } from "../../server/db/client";
import { systemClock } from "../../server/runtime/clock";
import { hookNextAttemptSet } from "../../server/webhook/admin";
import { queueOutgoingEvents, type OutgoingEvent } from "../../server/webhook/outgoing-events";
import { adminDatabaseUrl, redisDatabaseUrl, unique } from "../helpers/env";
import { OK, startHookReceiver, type HookReceiver, type ReceivedHook } from "../helpers/hook-receiver";
import { isolatedDatabase } from "../helpers/pg";
import { baseEnv, startMailroom, type Running } from "../helpers/process";
import { until } from "../helpers/wait";
import { hookAccount } from "../helpers/webhook";

const URLS = 5;
const HOOKS_PER_URL = 6;
const HOOKS = URLS * HOOKS_PER_URL;
const DELIVERING = [{ Error: "delivering..." }];

let db: Db;
let receiver: HookReceiver;
let dropDatabase: () => Promise<void>;
let databaseUrl: string;
const running: Running[] = [];
// Flushed by this test: its own Redis database.
const redisForTest = () => redisDatabaseUrl(9);

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_hookcrash");
  databaseUrl = isolated.url;
  dropDatabase = isolated.drop;
  db = createDb(databaseUrl, 2);
  receiver = await startHookReceiver(() => "hang");
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop("SIGKILL")));
  await receiver.close();
  await db.$disconnect();
  await dropDatabase();
});

// Each worker's connections carry its name, so the test can see when PostgreSQL is done with a killed one.
function worker(name: string): Running {
  const url = new URL(databaseUrl);
  url.searchParams.set("application_name", name);
  const r = startMailroom(
    ["worker"],
    baseEnv({
      DATABASE_URL: url.toString(),
      REDIS_URL: redisForTest(),
      MAILROOM_REDIS_PREFIX: unique("hookcrash"),
      MAILROOM_RECONCILE_SECONDS: "0.5",
      // More slots than URLs: every URL has its run, and so its request, under way at the kill.
      MAILROOM_WEBHOOK_CONCURRENCY: String(URLS * 2),
    }),
  );
  running.push(r);
  return r;
}

// A claim PostgreSQL received just before the kill commits after it; once the worker's backends are gone,
// what the database holds is final and the worker's advisory locks are free.
async function killAndWaitForBackends(r: Running, name: string): Promise<void> {
  await r.stop("SIGKILL");
  await until(
    async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${name}`)[0]!.n === 0,
    30_000,
    "the killed worker's database connections closed",
  );
}

async function flushRedis(): Promise<void> {
  const redis = new Redis(redisForTest());
  // The worker had jobs there: the flush takes something away.
  expect(await redis.dbsize()).toBeGreaterThan(0);
  await redis.flushdb();
  redis.disconnect();
}

function event(account: string, n: number): OutgoingEvent {
  return {
    account,
    event: "delivered",
    dsn: false,
    suppressing: false,
    queueMsgId: BigInt(n),
    fromId: `from${n}`,
    messageId: `<m${n}@hookcrash.example>`,
    subject: `crash ${n}`,
    smtpCode: 250,
    secode: "",
    error: "",
    extra: {},
  };
}

// HOOKS_PER_URL hooks for each of URLS accounts, each account posting to its own path on the receiver.
async function queueHooks(): Promise<Map<string, { url: string; payload: string }>> {
  const events: OutgoingEvent[] = [];
  for (let u = 0; u < URLS; u++) {
    const { name } = await hookAccount(db, { outgoingWebhookUrl: receiver.url(`/hooks/${u}`), keepRetiredWebhookPeriodSec: 3600 });
    for (let i = 0; i < HOOKS_PER_URL; i++) events.push(event(name, u * HOOKS_PER_URL + i + 1));
  }
  await queueOutgoingEvents(sqlPool(db), events, new Date());
  const hooks = await db.webhook.findMany({ select: { id: true, url: true, payload: true } });
  return new Map(hooks.map((h) => [h.id.toString(), { url: h.url, payload: h.payload }]));
}

const queuedHooks = () => db.webhook.findMany({ orderBy: { id: "asc" } });

// Everything a request says must match the hook it names.
function expectMatchesStored(got: ReceivedHook[], stored: Map<string, { url: string; payload: string }>): void {
  for (const r of got) {
    const hook = stored.get(r.id);
    expect(hook, `unknown hook id ${r.id}`).toBeDefined();
    expect(receiver.url(r.path)).toBe(hook!.url);
    expect(r.body).toBe(hook!.payload);
  }
}

describe("kill -9 of the webhook worker mid-delivery and a flushed Redis", () => {
  it("lose no webhook", { timeout: 120_000 }, async () => {
    const stored = await queueHooks();
    expect(stored.size).toBe(HOOKS);

    const first = worker("hookcrash-first");
    // Every URL has a claimed hook: as the receiver answers nothing, each run now waits on its request.
    await until(async () => receiver.received.length > 0, 30_000, "a request in flight");
    await until(async () => (await db.webhook.count({ where: { attempts: 1 } })) === URLS, 30_000, "a claimed hook for every URL");
    await killAndWaitForBackends(first, "hookcrash-first");
    await flushRedis();
    const hungRequests = [...receiver.received];
    receiver.answer = () => OK;

    // Nothing was delivered, so nothing may be missing; the interrupted attempts are counted and say so.
    const afterKill = await queuedHooks();
    expect(afterKill.map((h) => h.id.toString()).sort()).toEqual([...stored.keys()].sort());
    const claimed = afterKill.filter((h) => h.attempts > 0);
    const claimedIds = claimed.map((h) => h.id.toString());
    // One request in flight per URL.
    expect(new Set(claimed.map((h) => h.url)).size).toBe(claimed.length);
    for (const h of claimed) {
      expect(h.attempts).toBe(1);
      expect(h.results).toMatchObject(DELIVERING);
      // Not lost, and not posted again at once either: the interrupted attempt counts, the retry is later.
      expect(h.nextAttempt.getTime()).toBeGreaterThan(Date.now());
    }
    for (const h of afterKill.filter((h) => h.attempts === 0)) expect(h.results).toEqual([]);
    expectMatchesStored(hungRequests, stored);
    for (const r of hungRequests) {
      expect(r.attempt).toBe(1);
      expect(claimedIds).toContain(r.id);
    }

    // The new worker has only the database to go by.
    worker("hookcrash-second");
    await until(async () => (await db.webhook.count()) <= claimed.length, 30_000, "every hook not interrupted delivered");
    expect((await queuedHooks()).map((h) => h.id.toString())).toEqual(claimedIds);
    expect(await hookNextAttemptSet({ db, clock: systemClock }, {}, 0)).toBe(claimed.length);
    await until(async () => (await db.webhook.count()) === 0, 30_000, "an empty webhook queue");

    // Each hook answered 200 exactly once, the interrupted ones on their second attempt under the same id.
    const answered = receiver.received.slice(hungRequests.length);
    expectMatchesStored(answered, stored);
    expect(answered.map((r) => r.id).sort()).toEqual([...stored.keys()].sort());
    for (const r of answered) expect(r.attempt).toBe(claimedIds.includes(r.id) ? 2 : 1);

    const retired = await db.retiredWebhook.findMany({ orderBy: { id: "asc" } });
    expect(retired.map((h) => h.id.toString()).sort()).toEqual([...stored.keys()].sort());
    for (const h of retired) {
      expect(h.success).toBe(true);
      expect(h.payload).toBe(stored.get(h.id.toString())!.payload);
      const delivered = { Success: true, Code: 200, Error: "", Response: "ok\n" };
      expect(h.results).toMatchObject(claimedIds.includes(h.id.toString()) ? [...DELIVERING, delivered] : [delivered]);
    }
    console.info(`webhook crash test: ${hungRequests.length} requests in flight at the kill, ${claimed.length} attempts interrupted, ${HOOKS} of ${HOOKS} delivered`);
  });
});
