// Acceptance: mail acknowledged with 250 by the smtp process survives kill -9 of that process and a flushed
// Redis: every message is stored, and a worker started afterwards post-processes each one (incoming hooks),
// found from the database alone.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { adminDatabaseUrl, redisDatabaseUrl, unique } from "../helpers/env";
import { freePort } from "../helpers/net";
import { isolatedDatabase } from "../helpers/pg";
import { baseEnv, startMailroom, type Running } from "../helpers/process";
import { smtpClient } from "../helpers/smtp-listeners";
import { until } from "../helpers/wait";

const MESSAGES = 40;

let db: Db;
let dropDatabase: () => Promise<void>;
let databaseUrl: string;
const running: Running[] = [];
// Flushed by this test: its own Redis database.
const redisForTest = () => redisDatabaseUrl(8);
const prefix = unique("incrash");

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_incrash");
  databaseUrl = isolated.url;
  dropDatabase = isolated.drop;
  db = createDb(databaseUrl, 2);
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop("SIGKILL")));
  await db.$disconnect();
  await dropDatabase();
});

function start(name: "smtp" | "worker", extra: Record<string, string> = {}): Running {
  const r = startMailroom(
    [name],
    baseEnv({ DATABASE_URL: databaseUrl, REDIS_URL: redisForTest(), MAILROOM_REDIS_PREFIX: prefix, MAILROOM_LISTEN: "127.0.0.1", MAILROOM_RECONCILE_SECONDS: "0.5", ...extra }),
  );
  running.push(r);
  return r;
}

describe("received mail after kill -9 and a flushed Redis", () => {
  it("is all stored and all post-processed by a worker started afterwards", async () => {
    // The migrations run at the first start; the account exists before mail arrives.
    const port = await freePort();
    const smtp = start("smtp", {
      MAILROOM_SMTP_PORT: String(port),
      MAILROOM_SUBMISSION_PORT: String(await freePort()),
      MAILROOM_SUBMISSIONS_PORT: String(await freePort()),
      MAILROOM_DATA_DIR: mkdtempSync(path.join(tmpdir(), "mailroom-incrash-")),
    });
    await smtp.waitForLog((l) => l.msg === "smtp started");
    await createDomain(db, { name: "crash.example" });
    const account = await createAccount(db, { name: "crash", address: "user@crash.example" });
    await db.account.update({ where: { id: account.id }, data: { incomingWebhookUrl: "http://127.0.0.1:9/in" } });

    const client = smtpClient({ port, ignoreTLS: true });
    for (let i = 0; i < MESSAGES; i++) {
      await client.sendMail({ envelope: { from: "a@remote.example", to: ["user@crash.example"] }, raw: Buffer.from(`Subject: m${i}\r\n\r\nbody ${i}\r\n`) });
    }
    // Every 250 was committed: the messages and their tasks are there, whatever happens to the process now.
    await smtp.stop("SIGKILL");
    expect(await db.message.count({ where: { accountId: account.id } })).toBe(MESSAGES);
    expect(await db.incomingTask.count()).toBe(MESSAGES);
    const redis = new Redis(redisForTest());
    expect(await redis.dbsize()).toBeGreaterThan(0);
    await redis.flushdb();
    redis.disconnect();

    start("worker");
    await until(async () => (await db.incomingTask.count()) === 0, 20_000, "every task processed");
    const hooks = await db.webhook.findMany({ where: { account: "crash", isIncoming: true }, select: { subject: true } });
    expect(hooks.map((h) => h.subject).sort()).toEqual(Array.from({ length: MESSAGES }, (_, i) => `m${i}`).sort());
  });
});
