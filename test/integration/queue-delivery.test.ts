// Outgoing delivery against real SMTP servers on 127.0.0.1 (our own smtp-server instances as the remote side):
// delivered, retried, failed, suppressed, batched, split, relayed with AUTH, and routed by domain and attempt.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { deliverDomain } from "../../server/queue/delivery-run";
import { queueDrop, queueFail } from "../../server/queue/cancel";
import type { MsgResult } from "../../server/queue/queued-message";
import { createSender, deliveryDeps, queueMail, type Sender } from "../helpers/delivery";
import { testDb, unique } from "../helpers/env";
import { startSink, type Sink } from "../helpers/smtp-sink";
import { selfSignedCert } from "../helpers/tls-cert";

let db: Db;
let sender: Sender;
const sinks: Sink[] = [];

beforeAll(async () => {
  db = testDb();
  sender = await createSender(db, { webhookUrl: "http://127.0.0.1:9/hooks" });
});
afterAll(async () => {
  await Promise.all(sinks.map((s) => s.close()));
  await db.$disconnect();
});

async function sink(opts: Parameters<typeof startSink>[0] = {}): Promise<Sink> {
  const s = await startSink(opts);
  sinks.push(s);
  return s;
}

const remote = () => `${unique("r")}.example`.toLowerCase();

async function queued(id: bigint) {
  return db.queueMessage.findUnique({ where: { id } });
}
async function retired(id: bigint) {
  return db.retiredMessage.findUnique({ where: { id } });
}
async function hooks(id: bigint) {
  const rows = await db.webhook.findMany({ where: { queueMsgId: id }, orderBy: { id: "asc" } });
  return rows.map((h) => ({ event: h.outgoingEvent, payload: JSON.parse(h.payload) as Record<string, unknown> }));
}
// The DSNs about one message (its subject is in the DSN's copy of the original headers), as text.
async function dsns(subject: string, about: string): Promise<string[]> {
  const inbox = await db.mailbox.findFirstOrThrow({ where: { accountId: sender.accountId, name: "Inbox" } });
  const rows = await db.message.findMany({ where: { mailboxId: inbox.id, dsn: true, subject }, include: { content: true } });
  return rows.map((m) => Buffer.concat([m.content!.prefix, m.content!.raw]).toString()).filter((text) => text.includes(about));
}

describe("direct delivery", () => {
  it("delivers to the MX host, retires the message with a 250 result and queues a delivered hook", async () => {
    const s = await sink();
    const domain = remote();
    const [id] = await queueMail(db, sender, { to: [`rcpt@${domain}`], extra: { a: "123" }, subject: "plain delivery" });
    const { contentId } = (await queued(id!))!;
    const deps = deliveryDeps(db, s.port, [domain]);
    await deliverDomain(deps, domain);

    expect(s.transactions).toHaveLength(1);
    const tx = s.transactions[0]!;
    expect(tx.from).toBe(sender.address);
    expect(tx.rcpts).toEqual([`rcpt@${domain}`]);
    expect(tx.data.toString()).toMatch(/^Received: from \[127\.0\.0\.1\] by mail\.test/);
    expect(tx.data.toString()).toContain("Subject: plain delivery");
    expect(await queued(id!)).toBeNull();
    const r = await retired(id!);
    expect(r?.success).toBe(true);
    const results = r!.results as MsgResult[];
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ Success: true, Code: 250, Error: "" });
    expect(r!.keepUntil.getTime() - r!.lastActivity.getTime()).toBe(86400_000);
    const h = await hooks(id!);
    expect(h.map((x) => x.event)).toEqual(["delivered"]);
    expect(h[0]!.payload).toMatchObject({ Version: 0, Event: "delivered", DSN: false, Suppressing: false, QueueMsgID: Number(id), SMTPCode: 0, Error: "", Extra: { a: "123" }, Subject: "plain delivery" });
    expect(await db.queueContent.findUnique({ where: { id: contentId } })).toBeNull();
  });

  it("keeps a message after a 4xx, with the result, the next attempt 7.5 minutes on and a delayed hook with the real error", async () => {
    const s = await sink({ rcpt: () => ({ code: 451, message: "4.3.0 try again later" }) });
    const domain = remote();
    const [id] = await queueMail(db, sender, { to: [`rcpt@${domain}`] });
    const deps = deliveryDeps(db, s.port, [domain]);
    const start = deps.clock.now();
    await deliverDomain(deps, domain);

    const row = await queued(id!);
    expect(row?.attempts).toBe(1);
    const wait = row!.nextAttempt.getTime() - start.getTime();
    expect(wait).toBeGreaterThanOrEqual(445_000);
    expect(wait).toBeLessThanOrEqual(454_000);
    expect(row!.lastAttempt?.getTime()).toBe(start.getTime());
    const results = row!.results as MsgResult[];
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ Success: false, Code: 451, Secode: "3.0" });
    expect(results[0]!.Error).toContain("451 4.3.0 try again later");
    expect(deps.scheduled).toEqual([{ domain, at: row!.nextAttempt }]);
    const h = await hooks(id!);
    expect(h.map((x) => x.event)).toEqual(["delayed"]);
    expect(h[0]!.payload).toMatchObject({ SMTPCode: 451, SMTPEnhancedCode: "4.3.0" });
    expect(h[0]!.payload.Error).toBe(results[0]!.Error);
    // Not due yet: another run does nothing.
    await deliverDomain(deps, domain);
    expect((await queued(id!))?.attempts).toBe(1);
  });

  it("fails a message on a generic 5xx without suppressing, with a failure DSN in the sender's Inbox", async () => {
    const s = await sink({ rcpt: () => ({ code: 554, message: "5.0.0 not today" }) });
    const domain = remote();
    const subject = unique("fail554");
    const [id] = await queueMail(db, sender, { to: [`rcpt@${domain}`], subject });
    await deliverDomain(deliveryDeps(db, s.port, [domain]), domain);

    expect(await queued(id!)).toBeNull();
    expect((await retired(id!))?.success).toBe(false);
    const h = await hooks(id!);
    expect(h.map((x) => x.event)).toEqual(["failed"]);
    expect(h[0]!.payload).toMatchObject({ Suppressing: false, SMTPCode: 554, SMTPEnhancedCode: "5.0.0" });
    expect(await db.suppression.count({ where: { account: sender.account, baseAddress: `rcpt@${domain}` } })).toBe(0);
    const mine = await dsns("mail delivery failed", subject);
    expect(mine).toHaveLength(1);
    const text = mine[0]!;
    expect(text).toMatch(/^Return-Path: <postmaster@mail\.test>\r\nDelivered-To: /);
    expect(text).toContain(`Final-Recipient: rfc822;rcpt@${domain}`);
    expect(text).toContain("Status: 5.0.0");
    expect(text).toContain("Diagnostic-Code: smtp; 554 5.0.0 not today");
  });

  it("suppresses on 550, and the next message to that address fails as suppressed without a connection", async () => {
    const s = await sink({ rcpt: () => ({ code: 550, message: "5.1.1 no such user" }) });
    const domain = remote();
    const [first] = await queueMail(db, sender, { to: [`Some.One+tag@${domain}`] });
    const deps = deliveryDeps(db, s.port, [domain]);
    await deliverDomain(deps, domain);
    expect((await hooks(first!))[0]!.payload).toMatchObject({ Event: "failed", Suppressing: true, SMTPCode: 550, SMTPEnhancedCode: "5.1.1" });
    const sup = await db.suppression.findFirstOrThrow({ where: { account: sender.account, baseAddress: `someone@${domain}` } });
    expect(sup.manual).toBe(false);
    expect(sup.reason).toBe('delivery failure from queue with smtp code 550, enhanced code "1.1"');

    const connections = s.connections;
    const [second] = await queueMail(db, sender, { to: [`someone@${domain}`], now: deps.clock.now() });
    await deliverDomain(deps, domain);
    expect(s.connections).toBe(connections);
    expect(await queued(second!)).toBeNull();
    const h = await hooks(second!);
    expect(h.map((x) => x.event)).toEqual(["suppressed"]);
    expect(h[0]!.payload).toMatchObject({ SMTPCode: 0, Suppressing: false });
    expect(h[0]!.payload.Error).toBe(`not delivering to recipient address someone@${domain}: address is on suppression list, permanent`);
  });

  it("sends two recipients of one submission on one domain in one transaction over one connection", async () => {
    const s = await sink();
    const domain = remote();
    const ids = await queueMail(db, sender, { to: [`a@${domain}`, `b@${domain}`] });
    await deliverDomain(deliveryDeps(db, s.port, [domain]), domain);
    expect(s.connections).toBe(1);
    expect(s.transactions.map((t) => t.rcpts)).toEqual([[`a@${domain}`, `b@${domain}`]]);
    for (const id of ids) expect((await retired(id))?.success).toBe(true);
  });

  it("splits the transaction when the server refuses more recipients with 452", async () => {
    const s = await sink({ rcpt: (_a, session) => (session.envelope.rcptTo.length >= 1 ? { code: 452, message: "4.5.3 too many recipients" } : null) });
    const domain = remote();
    const ids = await queueMail(db, sender, { to: [`a@${domain}`, `b@${domain}`, `c@${domain}`] });
    await deliverDomain(deliveryDeps(db, s.port, [domain]), domain);
    expect(s.transactions.map((t) => t.rcpts)).toEqual([[`a@${domain}`], [`b@${domain}`], [`c@${domain}`]]);
    for (const id of ids) expect((await retired(id))?.success).toBe(true);
  });

  it("delivers messages of different submissions to one domain over one connection, one transaction each", async () => {
    const s = await sink();
    const domain = remote();
    await queueMail(db, sender, { to: [`a@${domain}`] });
    await queueMail(db, sender, { to: [`b@${domain}`] });
    await deliverDomain(deliveryDeps(db, s.port, [domain]), domain);
    expect(s.connections).toBe(1);
    expect(s.transactions.map((t) => t.rcpts)).toEqual([[`a@${domain}`], [`b@${domain}`]]);
  });

  it("retries a refused connection as a temporary failure with code 0", async () => {
    const s = await sink();
    await s.close();
    const domain = remote();
    const [id] = await queueMail(db, sender, { to: [`a@${domain}`] });
    await deliverDomain(deliveryDeps(db, s.port, [domain]), domain);
    const row = await queued(id!);
    expect(row?.attempts).toBe(1);
    expect((row!.results as MsgResult[])[0]).toMatchObject({ Code: 0, Success: false });
    expect((row!.results as MsgResult[])[0]!.Error).toMatch(/ECONNREFUSED/);
  });
});

describe("automatic suppression and RequireTLS", () => {
  it("suppresses after three consecutive failures to the same address, and not after two", async () => {
    const s = await sink({ rcpt: () => ({ code: 554, message: "5.0.0 rejected" }) });
    const domain = remote();
    const deps = deliveryDeps(db, s.port, [domain]);
    const send = async () => {
      const [id] = await queueMail(db, sender, { to: [`three@${domain}`], now: deps.clock.now() });
      await deliverDomain(deps, domain);
      deps.clock.advance(1000);
      return (await hooks(id!))[0]!.payload;
    };
    expect(await send()).toMatchObject({ Event: "failed", Suppressing: false });
    expect(await send()).toMatchObject({ Event: "failed", Suppressing: false });
    expect(await send()).toMatchObject({ Event: "failed", Suppressing: true });
    const sup = await db.suppression.findFirstOrThrow({ where: { account: sender.account, baseAddress: `three@${domain}` } });
    expect(sup.reason).toBe("delivery failure from queue and three consecutive failures");
  });

  it("fails a RequireTLS message at once when the recipient domain has no MTA-STS policy", async () => {
    const s = await sink();
    const domain = remote();
    const subject = unique("requiretls");
    const [id] = await queueMail(db, sender, { to: [`a@${domain}`], requireTls: true, subject });
    await deliverDomain(deliveryDeps(db, s.port, [domain]), domain);
    expect(s.connections).toBe(0);
    const r = await retired(id!);
    expect((r!.results as MsgResult[])[0]).toMatchObject({ Code: 554, Secode: "7.30", Success: false });
    expect(await dsns("mail delivery failed", subject)).toHaveLength(1);
  });
});

describe("transports and routes", () => {
  it("relays through a submission transport with STARTTLS and AUTH when a route matches the recipient domain", async () => {
    const cert = selfSignedCert();
    const relay = await sink({ tls: cert, users: { relayuser: "relaypass" }, authMethods: ["PLAIN"] });
    const direct = await sink();
    const name = unique("submit");
    const routed = remote();
    const transport = await db.transport.create({
      data: { name, kind: "submission", settings: { host: "localhost", port: relay.port, auth: { username: "relayuser", password: "relaypass", mechanisms: ["PLAIN"] } } },
    });
    await db.route.create({ data: { accountId: sender.accountId, toDomains: [`.${routed}`], transportId: transport.id } });
    const [viaRelay] = await queueMail(db, sender, { to: [`x@sub.${routed}`] });
    const deps = deliveryDeps(db, direct.port, [`sub.${routed}`], { trustedCa: cert.cert });
    await deliverDomain(deps, `sub.${routed}`);
    expect(relay.transactions).toHaveLength(1);
    expect(relay.transactions[0]).toMatchObject({ user: "relayuser", secure: true, rcpts: [`x@sub.${routed}`] });
    expect(direct.transactions).toHaveLength(0);
    expect((await retired(viaRelay!))?.success).toBe(true);
  });

  it("uses a route only from its minimum attempt on, and an admin-set transport over routes", async () => {
    const first = await sink({ rcpt: () => ({ code: 451, message: "4.0.0 busy" }) });
    const fallback = await sink();
    const domain = remote();
    const name = unique("fallback");
    const transport = await db.transport.create({ data: { name, kind: "smtp", settings: { host: "127.0.0.1", port: fallback.port, noStarttls: true } } });
    await db.route.create({ data: { accountId: sender.accountId, toDomains: [domain], minimumAttempts: 1, transportId: transport.id } });
    const [id] = await queueMail(db, sender, { to: [`a@${domain}`] });
    const deps = deliveryDeps(db, first.port, [domain]);
    await deliverDomain(deps, domain);
    expect(first.transactions).toHaveLength(0);
    expect((await queued(id!))?.attempts).toBe(1);

    deps.clock.set((await queued(id!))!.nextAttempt);
    await deliverDomain(deps, domain);
    expect(fallback.transactions.map((t) => t.rcpts)).toEqual([[`a@${domain}`]]);
    expect((await retired(id!))?.attempts).toBe(2);

    const failing = unique("failing");
    await db.transport.create({ data: { name: failing, kind: "fail", settings: { smtpCode: 554, smtpMessage: "relay disabled" } } });
    const [explicit] = await queueMail(db, sender, { to: [`b@${domain}`] });
    await db.queueMessage.update({ where: { id: explicit! }, data: { transport: failing } });
    await deliverDomain(deps, domain);
    const r = await retired(explicit!);
    expect(r?.success).toBe(false);
    expect((r!.results as MsgResult[])[0]).toMatchObject({ Code: 554 });
  });

  it("keeps a message whose admin-set transport does not exist, as a temporary failure", async () => {
    const domain = remote();
    const [id] = await queueMail(db, sender, { to: [`a@${domain}`] });
    await db.queueMessage.update({ where: { id: id! }, data: { transport: "no-such-transport" } });
    await deliverDomain(deliveryDeps(db, 9, [domain]), domain);
    const row = await queued(id!);
    expect((row!.results as MsgResult[])[0]!.Error).toBe('cannot find transport "no-such-transport", transient');
  });
});

describe("admin fail and drop", () => {
  it("fail sends a failure DSN and a failed event; drop sends neither DSN nor suppression, and a canceled event", async () => {
    const domain = remote();
    const subject = unique("canceled");
    const [a, b] = await queueMail(db, sender, { to: [`a@${domain}`, `b@${domain}`], subject });
    const deps = deliveryDeps(db, 9, [domain]);
    expect(await queueFail(deps, { ids: [a!] })).toBe(1);
    expect(await queueDrop(deps, { ids: [b!] })).toBe(1);
    expect((await hooks(a!))[0]!.payload).toMatchObject({ Event: "failed", Error: "delivery canceled by admin", SMTPCode: 0 });
    expect((await hooks(b!))[0]!.payload).toMatchObject({ Event: "canceled", Error: "delivery canceled by admin" });
    const failed = await dsns("mail delivery failed", subject);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain(`Final-Recipient: rfc822;a@${domain}`);
    for (const id of [a!, b!]) {
      const r = await retired(id);
      expect(r?.success).toBe(false);
      expect((r!.results as MsgResult[]).at(-1)).toMatchObject({ Error: "delivery canceled by admin" });
      expect(r!.lastAttempt).not.toBeNull();
    }
    expect(await queueFail(deps, { ids: [a!] })).toBe(0);
  });
});
