// Acceptance: 200 queued messages going to a local SMTP sink; the worker is killed with -9 half-way and Redis
// is flushed; after a restart every message is delivered, at most the ones that were mid-delivery twice, and
// none is lost.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { queueNextAttemptSet } from "../../server/queue/admin";
import { systemClock } from "../../server/runtime/clock";
import { createSender, queueMail } from "../helpers/delivery";
import { adminDatabaseUrl, redisDatabaseUrl, unique } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { baseEnv, startMailroom, type Running } from "../helpers/process";
import { until } from "../helpers/wait";
import { startSink, type Sink } from "../helpers/smtp-sink";

const MESSAGES = 200;
const DOMAINS = 10;

let db: Db;
let sink: Sink;
let dropDatabase: () => Promise<void>;
let databaseUrl: string;
const running: Running[] = [];
// Flushed by this test: its own Redis database.
const redisForTest = () => redisDatabaseUrl(7);

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_crash");
  databaseUrl = isolated.url;
  dropDatabase = isolated.drop;
  db = createDb(databaseUrl, 4);
  // A slow remote, so the kill lands while deliveries are in flight.
  sink = await startSink({ dataDelayMs: 20 });
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop("SIGKILL")));
  await sink.close();
  await db.$disconnect();
  await dropDatabase();
});

function worker(): Running {
  const r = startMailroom(
    ["worker"],
    baseEnv({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisForTest(),
      MAILROOM_REDIS_PREFIX: unique("crash"),
      MAILROOM_RECONCILE_SECONDS: "0.5",
      MAILROOM_DELIVERY_CONCURRENCY: "5",
    }),
  );
  running.push(r);
  return r;
}

const messageIds = (s: Sink) => s.transactions.map((t) => /^Message-Id: (<[^>]+>)/im.exec(t.data.toString())?.[1] ?? "");

describe("kill -9 of the delivery worker and a flushed Redis", () => {
  it("lose no message and duplicate only messages that were mid-delivery", async () => {
    const sender = await createSender(db);
    const transport = await db.transport.create({ data: { name: "sink", kind: "smtp", settings: { host: "127.0.0.1", port: sink.port, noStarttls: true } } });
    await db.route.create({ data: { transportId: transport.id } });
    const ids: bigint[] = [];
    for (let i = 0; i < MESSAGES; i++) ids.push(...(await queueMail(db, sender, { to: [`rcpt${i}@d${i % DOMAINS}.example`], subject: `crash ${i}` })));

    const first = worker();
    await until(async () => sink.transactions.length >= MESSAGES / 4, 60_000, "a quarter of the deliveries");
    first.child.kill("SIGKILL");
    await first.exited;
    const redis = new Redis(redisForTest());
    await redis.flushdb();
    redis.disconnect();

    const atKill = sink.transactions.length;
    expect(atKill).toBeLessThan(MESSAGES);
    // Messages claimed by the killed worker wait for their next attempt (spec 3.2), like any interrupted attempt.
    const interrupted = await db.queueMessage.findMany({ where: { attempts: { gt: 0 } } });
    expect(interrupted.length).toBeGreaterThan(0);
    for (const m of interrupted) expect(m.nextAttempt.getTime()).toBeGreaterThan(Date.now() + 60_000);

    const killedAt = new Date();
    worker();
    // The new worker has delivered everything it claimed: what is left was claimed before the kill.
    const settled = async () =>
      (await db.queueMessage.count({ where: { OR: [{ attempts: 0 }, { lastAttempt: { gte: killedAt } }] } })) === 0;
    await until(settled, 60_000, "the unclaimed messages");
    // What is left are the attempts the kill interrupted (a claim PostgreSQL received just before the kill may
    // commit after it, so there can be a few more than seen above), each still showing "delivering...".
    const left = await db.queueMessage.findMany();
    expect(left.length).toBeGreaterThanOrEqual(interrupted.length);
    for (const m of left) expect(m.results).toMatchObject([{ Error: "delivering..." }]);
    // Bring them forward instead of waiting 7.5 minutes.
    expect(await queueNextAttemptSet({ db, clock: systemClock, kick: async () => undefined }, {}, 0)).toBe(left.length);
    await until(async () => (await db.queueMessage.count()) === 0, 60_000, "an empty queue");

    const retired = await db.retiredMessage.findMany({ where: { id: { in: ids } } });
    expect(retired).toHaveLength(MESSAGES);
    expect(retired.every((r) => r.success)).toBe(true);
    const counts = new Map<string, number>();
    for (const id of messageIds(sink)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.size).toBe(MESSAGES);
    const twice = [...counts.values()].filter((n) => n > 1);
    expect(twice.every((n) => n === 2)).toBe(true);
    expect(twice.length).toBeLessThanOrEqual(left.length);
    console.info(`crash test: ${atKill} accepted before the kill, ${left.length} attempts interrupted, ${twice.length} delivered twice, ${MESSAGES} of ${MESSAGES} delivered`);
  });
});
