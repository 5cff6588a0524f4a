// The whole retry schedule of a never-delivered message with a settable clock (spec 3.2, 3.3): eight attempts
// spaced 7.5 minutes doubling, one delayed DSN after the fifth, one failure DSN after the eighth. And hold
// rules (spec 4): an empty rule pauses everything, a matching rule holds a new message, release delivers it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueHoldSet } from "../../server/queue/admin";
import { deliverDomain } from "../../server/queue/delivery-run";
import { CLI_ACTOR } from "../../server/audit/audit-log";
import { holdRuleAdd, holdRuleRemove } from "../../server/queue/hold-rule-admin";
import type { MsgResult } from "../../server/queue/queued-message";
import { createSender, deliveryDeps, queueMail, type Sender } from "../helpers/delivery";
import { createDb, type Db } from "../../server/db/client";
import { adminDatabaseUrl, unique } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { startSink, type Sink } from "../helpers/smtp-sink";

let db: Db;
let sender: Sender;
let temp: Sink;
let ok: Sink;
let dropDatabase: () => Promise<void>;

// Its own database: an empty hold rule holds every queued message, other test files' included.
beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_hold");
  dropDatabase = isolated.drop;
  db = createDb(isolated.url, 4);
  sender = await createSender(db);
  temp = await startSink({ rcpt: () => ({ code: 451, message: "4.7.1 greylisted" }) });
  ok = await startSink();
});
afterAll(async () => {
  await temp.close();
  await ok.close();
  await db.$disconnect();
  await dropDatabase();
});

const MINUTE = 60_000;

async function dsnCount(subject: string, marker: string): Promise<number> {
  const inbox = await db.mailbox.findFirstOrThrow({ where: { accountId: sender.accountId, name: "Inbox" } });
  const rows = await db.message.findMany({ where: { mailboxId: inbox.id, dsn: true, subject }, include: { content: true } });
  return rows.filter((m) => Buffer.from(m.content!.raw).toString().includes(marker)).length;
}

describe("retry schedule", () => {
  it("makes 8 attempts 7.5m, 15m, 30m, 1h, 2h, 4h, 8h apart, with one delayed and one failure DSN", async () => {
    const domain = `${unique("slow")}.example`.toLowerCase();
    const subject = unique("schedule");
    const deps = deliveryDeps(db, temp.port, [domain]);
    const [id] = await queueMail(db, sender, { to: [`rcpt@${domain}`], subject, now: deps.clock.now() });
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      const before = await db.queueMessage.findUniqueOrThrow({ where: { id: id! } });
      deps.clock.set(before.nextAttempt);
      // One minute early nothing happens.
      if (attempt > 1) {
        deps.clock.advance(-MINUTE);
        await deliverDomain(deps, domain);
        expect((await db.queueMessage.findUniqueOrThrow({ where: { id: id! } })).attempts).toBe(attempt - 1);
        deps.clock.advance(MINUTE);
      }
      await deliverDomain(deps, domain);
      const after = await db.queueMessage.findUnique({ where: { id: id! } });
      if (attempt < 8) {
        expect(after?.attempts).toBe(attempt);
        gaps.push(after!.nextAttempt.getTime() - after!.lastAttempt!.getTime());
      } else {
        expect(after).toBeNull();
      }
      expect(await dsnCount("mail delivery delayed", subject)).toBe(attempt >= 5 ? 1 : 0);
      expect(await dsnCount("mail delivery failed", subject)).toBe(attempt === 8 ? 1 : 0);
    }
    gaps.forEach((gap, i) => {
      const base = 450_000 * 2 ** i;
      expect(gap).toBeGreaterThanOrEqual(base - 5000 * 2 ** i);
      expect(gap).toBeLessThanOrEqual(base + 4000 * 2 ** i);
    });
    expect(temp.transactions).toHaveLength(0);
    const retired = await db.retiredMessage.findUniqueOrThrow({ where: { id: id! } });
    const results = retired.results as MsgResult[];
    expect(retired.success).toBe(false);
    expect(retired.attempts).toBe(8);
    expect(results).toHaveLength(8);
    for (const r of results) expect(r).toMatchObject({ Success: false, Code: 451, Secode: "7.1" });
  });
});

describe("hold rules", () => {
  it("an empty rule pauses everything; a matching rule holds a new message; release delivers it", async () => {
    const domain = `${unique("held")}.example`.toLowerCase();
    const deps = deliveryDeps(db, ok.port, [domain]);
    const adminDeps = { db, clock: deps.clock, kick: async () => undefined };
    const everything = await holdRuleAdd(adminDeps, CLI_ACTOR, { account: "", senderDomain: "", recipientDomain: "" });
    try {
      const [paused] = await queueMail(db, sender, { to: [`a@${domain}`], now: deps.clock.now() });
      await deliverDomain(deps, domain);
      expect(ok.transactions.filter((t) => t.rcpts.includes(`a@${domain}`))).toHaveLength(0);
      expect((await db.queueMessage.findUniqueOrThrow({ where: { id: paused! } })).hold).toBe(true);
      await holdRuleRemove(adminDeps, CLI_ACTOR, everything.id);
      // Removing the rule releases nothing.
      await deliverDomain(deps, domain);
      expect((await db.queueMessage.findUniqueOrThrow({ where: { id: paused! } })).attempts).toBe(0);

      const byAccount = await holdRuleAdd(adminDeps, CLI_ACTOR, { account: sender.account, senderDomain: "", recipientDomain: "" });
      const [held] = await queueMail(db, sender, { to: [`b@${domain}`], now: deps.clock.now() });
      expect((await db.queueMessage.findUniqueOrThrow({ where: { id: held! } })).hold).toBe(true);
      await holdRuleRemove(adminDeps, CLI_ACTOR, byAccount.id);

      expect(await queueHoldSet(adminDeps, { ids: [paused!, held!] }, false)).toBe(2);
      await deliverDomain(deps, domain);
      expect(ok.transactions.flatMap((t) => t.rcpts).filter((r) => r.endsWith(domain)).sort()).toEqual([`a@${domain}`, `b@${domain}`]);
      expect(await db.queueMessage.count({ where: { id: { in: [paused!, held!] } } })).toBe(0);
    } finally {
      await db.holdRule.deleteMany({ where: { id: everything.id } });
    }
  });
});
