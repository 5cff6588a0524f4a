// Webhook calls over real HTTP to a receiver on 127.0.0.1 (spec 2.2, 2.3, 2.5, 2.6; scenario 12.2). Payloads
// are compared byte for byte with what mox sends; the retry schedule is walked with a settable clock.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sqlPool, withSqlTransaction } from "../../server/db/client";
import { parseStructure } from "../../server/message/structure";
import { HOOK_INTERVALS_MS } from "../../server/webhook/backoff";
import { deliverUrl } from "../../server/webhook/delivery-run";
import { queueIncomingEvent } from "../../server/webhook/incoming-events";
import { queueOutgoingEvents, type OutgoingEvent, type OutgoingEventName } from "../../server/webhook/outgoing-events";
import { deleteExpiredRetiredWebhooks } from "../../server/webhook/retired-cleanup";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "../../server/webhook/signature";
import { testDb, unique } from "../helpers/env";
import { OK, startHookReceiver, type HookReceiver } from "../helpers/hook-receiver";
import { until } from "../helpers/wait";
import { hookAccount, webhookDeps, type HookAccountSettings } from "../helpers/webhook";

const db = testDb();
let receiver: HookReceiver;
beforeAll(async () => {
  receiver = await startHookReceiver();
});
afterEach(() => {
  receiver.answer = () => OK;
});
afterAll(async () => {
  await receiver.close();
  await db.$disconnect();
});

const AUTH = "Basic dXNlcjpwYXNz";
const T0 = new Date("2030-03-01T10:00:00.500Z");

// A path of its own for each test, so requests and rows of other tests never mix in.
function endpoint(): { url: string; received: () => ReturnType<HookReceiver["received"]["filter"]> } {
  const path = `/${unique("h")}`;
  return { url: receiver.url(path), received: () => receiver.received.filter((r) => r.path === path) };
}

async function accountWith(settings: HookAccountSettings) {
  return hookAccount(db, { keepRetiredWebhookPeriodSec: 3600, ...settings });
}

function event(account: string, e: Partial<OutgoingEvent> & { event: OutgoingEventName }): OutgoingEvent {
  return {
    account,
    dsn: false,
    suppressing: false,
    queueMsgId: 0n,
    fromId: "",
    messageId: "<m1@mox.example>",
    subject: "test",
    smtpCode: 0,
    secode: "",
    error: "",
    extra: {},
    ...e,
  };
}

const queue = (events: OutgoingEvent[], at: Date) => withSqlTransaction(db, (sql) => queueOutgoingEvents(sql, events, at));
const hook = (id: bigint) => db.webhook.findUnique({ where: { id } });
const retired = (id: bigint) => db.retiredWebhook.findUnique({ where: { id } });
let nextQueueMsgId = BigInt(Date.now()) * 1000n;
const queueMsgId = () => ++nextQueueMsgId;

describe("outgoing payloads", () => {
  // One event of each type, with the fields each carries in practice (spec 2.5, 3.4, 7.3).
  const cases: [OutgoingEventName, Partial<OutgoingEvent>, string][] = [
    ["delivered", { smtpCode: 250, secode: "0.0", extra: { "Order-Id": "17" } }, `"DSN":false,"Suppressing":false,%Q,"FromID":"","MessageID":"\\u003cm1@mox.example\\u003e","Subject":"test",%W,"SMTPCode":250,"SMTPEnhancedCode":"2.0.0","Error":"","Extra":{"Order-Id":"17"}`],
    ["suppressed", { error: "recipient address is on the suppression list" }, `"DSN":false,"Suppressing":false,%Q,"FromID":"","MessageID":"\\u003cm1@mox.example\\u003e","Subject":"test",%W,"SMTPCode":0,"SMTPEnhancedCode":"","Error":"recipient address is on the suppression list","Extra":{}`],
    ["delayed", { smtpCode: 451, secode: "3.0", error: "mx.example: 451 4.3.0 try again later" }, `"DSN":false,"Suppressing":false,%Q,"FromID":"","MessageID":"\\u003cm1@mox.example\\u003e","Subject":"test",%W,"SMTPCode":451,"SMTPEnhancedCode":"4.3.0","Error":"mx.example: 451 4.3.0 try again later","Extra":{}`],
    ["failed", { smtpCode: 550, secode: "1.1", suppressing: true, fromId: "uniq1", error: "mx.example: 550 5.1.1 no such user" }, `"DSN":false,"Suppressing":true,%Q,"FromID":"uniq1","MessageID":"\\u003cm1@mox.example\\u003e","Subject":"test",%W,"SMTPCode":550,"SMTPEnhancedCode":"5.1.1","Error":"mx.example: 550 5.1.1 no such user","Extra":{}`],
    ["relayed", { dsn: true, smtpCode: 554, secode: "0.0" }, `"DSN":true,"Suppressing":false,%Q,"FromID":"","MessageID":"\\u003cm1@mox.example\\u003e","Subject":"test",%W,"SMTPCode":554,"SMTPEnhancedCode":"5.0.0","Error":"","Extra":{}`],
    ["expanded", { dsn: true, smtpCode: 554, secode: "0.0", subject: "a & b <c>" }, `"DSN":true,"Suppressing":false,%Q,"FromID":"","MessageID":"\\u003cm1@mox.example\\u003e","Subject":"a \\u0026 b \\u003cc\\u003e",%W,"SMTPCode":554,"SMTPEnhancedCode":"5.0.0","Error":"","Extra":{}`],
    ["canceled", { error: "delivery canceled by admin" }, `"DSN":false,"Suppressing":false,%Q,"FromID":"","MessageID":"\\u003cm1@mox.example\\u003e","Subject":"test",%W,"SMTPCode":0,"SMTPEnhancedCode":"","Error":"delivery canceled by admin","Extra":{}`],
    ["unrecognized", { dsn: false }, `"DSN":false,"Suppressing":false,%Q,"FromID":"","MessageID":"\\u003cm1@mox.example\\u003e","Subject":"test",%W,"SMTPCode":0,"SMTPEnhancedCode":"","Error":"","Extra":{}`],
  ];

  it("posts every event type with mox's exact body and headers, and retires it on 200", async () => {
    const { url, received } = endpoint();
    const account = await accountWith({ outgoingWebhookUrl: url, outgoingWebhookAuthorization: AUTH });
    const ids: bigint[] = [];
    const expected: string[] = [];
    for (const [name, fields, body] of cases) {
      const q = queueMsgId();
      ids.push(...(await queue([event(account.name, { event: name, queueMsgId: q, ...fields })], T0)));
      expected.push(`{"Version":0,"Event":"${name}",${body.replace("%Q", `"QueueMsgID":${q}`).replace("%W", `"WebhookQueued":"2030-03-01T10:00:00.5Z"`)}}`);
    }
    expect(ids).toHaveLength(8);

    const deps = webhookDeps(db, new Date(T0.getTime() + 1000));
    await deliverUrl(deps, url);

    const got = received();
    expect(got.map((r) => r.body)).toEqual(expected);
    got.forEach((r, i) => {
      expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(r.headers["x-mox-webhook-id"]).toBe(ids[i]!.toString());
      expect(r.headers["x-mox-webhook-attempt"]).toBe("1");
      expect(r.headers.authorization).toBe(AUTH);
      expect(r.headers["user-agent"]).toMatch(/\(webhook\)$/);
      expect(r.headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();
    });
    for (const id of ids) {
      expect(await hook(id)).toBeNull();
      const r = (await retired(id))!;
      expect(r).toMatchObject({ success: true, attempts: 1, hasAuthorization: true, url, lastActivity: deps.clock.now(), keepUntil: new Date(deps.clock.now().getTime() + 3600_000) });
      expect(r.results).toEqual([{ Start: "2030-03-01T10:00:01.5Z", Duration: expect.any(Number), URL: url, Success: true, Code: 200, Error: "", Response: "ok\n" }]);
    }
  });

  it("posts nothing for events the account does not subscribe to, and nothing without a URL", async () => {
    const { url, received } = endpoint();
    const subscribed = await accountWith({ outgoingWebhookUrl: url, outgoingWebhookEvents: ["failed"] });
    const none = await accountWith({ incomingWebhookUrl: url });
    const ids = await queue(
      [event(subscribed.name, { event: "delivered", queueMsgId: queueMsgId() }), event(subscribed.name, { event: "failed", queueMsgId: queueMsgId() }), event(none.name, { event: "failed", queueMsgId: queueMsgId() })],
      T0,
    );
    expect(ids).toHaveLength(1);
    await deliverUrl(webhookDeps(db, T0), url);
    expect(received().map((r) => JSON.parse(r.body).Event)).toEqual(["failed"]);
  });
});

describe("incoming payload", () => {
  it("posts mox's incoming body for a plain message (scenario 12.2 TestHookIncoming)", async () => {
    const { url, received } = endpoint();
    const account = await accountWith({ incomingWebhookUrl: url, incomingWebhookAuthorization: AUTH });
    const raw = Buffer.from("From: mjl@mox.example\r\nTo: mjl@mox.example\r\nSubject: test\r\nMessage-Id: <m1@mox.example>\r\n\r\ntest email\r\n");
    const facts = {
      msgId: 123n,
      mailFrom: "mjl@mox.example",
      mailFromValidated: false,
      msgFromValidated: true,
      rcptTo: "rcpt@mox.example",
      dkimVerifiedDomains: ["remote.example"],
      remoteIp: "::1",
      received: new Date("2030-03-01T09:59:59Z"),
      mailboxName: "Inbox",
    };
    const id = await withSqlTransaction(db, (sql) => queueIncomingEvent(sql, { accountId: account.id, raw, structure: parseStructure(raw), facts }, T0));
    await deliverUrl(webhookDeps(db, T0), url);

    const [got] = received();
    expect(got!.headers).toMatchObject({ "x-mox-webhook-id": id!.toString(), "x-mox-webhook-attempt": "1", authorization: AUTH, "content-type": "application/json; charset=utf-8" });
    expect(got!.body).not.toMatch(/\n$/);
    expect(got!.body).toContain(`"MessageID":"\\u003cm1@mox.example\\u003e"`);
    expect(JSON.parse(got!.body)).toEqual({
      Version: 0,
      From: [{ Name: "", Address: "mjl@mox.example" }],
      To: [{ Name: "", Address: "mjl@mox.example" }],
      CC: [],
      BCC: [],
      ReplyTo: [],
      Subject: "test",
      MessageID: "<m1@mox.example>",
      InReplyTo: "",
      References: [],
      Date: null,
      Text: "test email\n",
      HTML: "",
      Structure: { ContentType: "text/plain", ContentTypeParams: {}, ContentID: "", ContentDisposition: "", Filename: "", DecodedSize: 12, Parts: [] },
      Meta: {
        MsgID: 123,
        MailFrom: "mjl@mox.example",
        MailFromValidated: false,
        MsgFromValidated: true,
        RcptTo: "rcpt@mox.example",
        DKIMVerifiedDomains: ["remote.example"],
        RemoteIP: "::1",
        Received: "2030-03-01T09:59:59Z",
        MailboxName: "Inbox",
        Automated: false,
      },
    });
    expect(await retired(id!)).toMatchObject({ success: true, isIncoming: true, outgoingEvent: "", queueMsgId: 0n });
  });
});

describe("retries", () => {
  it("makes 12 attempts at 1m, 2m, 4m, 7.5m, 15m, 30m, 1h, 2h, 4h, 8h, 16h (±1%) against a 500, then retires the hook as failed", async () => {
    const { url, received } = endpoint();
    receiver.answer = () => ({ status: 500, body: "server error\n" });
    const account = await accountWith({ outgoingWebhookUrl: url, outgoingWebhookAuthorization: AUTH });
    const [id] = await queue([event(account.name, { event: "delivered", queueMsgId: queueMsgId() })], T0);
    // Jitter from one end of its range to the other.
    let draw = 0;
    const deps = webhookDeps(db, T0, { random: () => [0, 0.9999, 0.5][draw++ % 3]! });

    for (let attempt = 1; attempt <= 12; attempt++) {
      const start = deps.clock.now();
      await deliverUrl(deps, url);
      expect(received()).toHaveLength(attempt);
      expect(received()[attempt - 1]!.attempt).toBe(attempt);
      expect(received()[attempt - 1]!.id).toBe(id!.toString());
      if (attempt === 12) break;
      const h = (await hook(id!))!;
      expect(h.attempts).toBe(attempt);
      const waited = h.nextAttempt.getTime() - start.getTime();
      const interval = HOOK_INTERVALS_MS[attempt - 1]!;
      expect(waited).toBeGreaterThanOrEqual(Math.floor(interval * 0.99));
      expect(waited).toBeLessThanOrEqual(Math.ceil(interval * 1.01));
      expect(deps.scheduled.at(-1)).toEqual({ url, at: h.nextAttempt });
      // Not due a millisecond early.
      deps.clock.set(new Date(h.nextAttempt.getTime() - 1));
      await deliverUrl(deps, url);
      expect(received()).toHaveLength(attempt);
      deps.clock.set(h.nextAttempt);
    }

    expect(await hook(id!)).toBeNull();
    const r = (await retired(id!))!;
    expect(r).toMatchObject({ success: false, attempts: 12 });
    const results = r.results as { Code: number; Error: string; Response: string; Success: boolean }[];
    expect(results).toHaveLength(12);
    for (const result of results) {
      expect(result).toMatchObject({ Success: false, Code: 500, Error: `http status "500 Internal Server Error", expected 200 ok`, Response: "server error\n" });
    }
    // About 32 hours in all.
    expect(deps.clock.now().getTime() - T0.getTime()).toBeGreaterThan(31.5 * 3600_000);
  });

  it("counts a 201 as a failure and keeps the hook queued", async () => {
    const { url } = endpoint();
    receiver.answer = () => ({ status: 201, body: "created" });
    const account = await accountWith({ outgoingWebhookUrl: url });
    const [id] = await queue([event(account.name, { event: "failed", queueMsgId: queueMsgId() })], T0);
    await deliverUrl(webhookDeps(db, T0), url);
    const h = (await hook(id!))!;
    expect(h.attempts).toBe(1);
    expect(h.results).toEqual([expect.objectContaining({ Success: false, Code: 201, Error: `http status "201 Created", expected 200 ok`, Response: "created" })]);
  });

  it("gives up on a receiver that does not answer within the timeout", async () => {
    const { url, received } = endpoint();
    receiver.answer = () => "hang";
    const account = await accountWith({ outgoingWebhookUrl: url });
    const [id] = await queue([event(account.name, { event: "failed", queueMsgId: queueMsgId() })], T0);
    const began = Date.now();
    await deliverUrl(webhookDeps(db, T0, { timeoutMs: 300 }), url);
    expect(received()).toHaveLength(1);
    expect(Date.now() - began).toBeGreaterThanOrEqual(300);
    const h = (await hook(id!))!;
    expect(h.results).toEqual([expect.objectContaining({ Success: false, Code: 0, Error: "http transact: no response within 0.3s", Response: "" })]);
    receiver.release();
  });

  it("records a refused connection as a transport error", async () => {
    const account = await accountWith({ outgoingWebhookUrl: "http://127.0.0.1:9/closed" });
    const [id] = await queue([event(account.name, { event: "failed", queueMsgId: queueMsgId() })], T0);
    await deliverUrl(webhookDeps(db, T0), "http://127.0.0.1:9/closed");
    expect((await hook(id!))!.results).toEqual([expect.objectContaining({ Success: false, Code: 0, Error: "http transact: connect ECONNREFUSED 127.0.0.1:9" })]);
  });

  it("keeps at most 512 bytes of the response, not cutting a character in two", async () => {
    const { url } = endpoint();
    receiver.answer = () => ({ status: 200, body: `${"x".repeat(511)}é${"y".repeat(5000)}` });
    const account = await accountWith({ outgoingWebhookUrl: url });
    const [id] = await queue([event(account.name, { event: "failed", queueMsgId: queueMsgId() })], T0);
    await deliverUrl(webhookDeps(db, T0), url);
    const [result] = (await retired(id!))!.results as { Response: string }[];
    expect(result!.Response).toBe("x".repeat(511));
  });

  it("keeps no retired copy for an account with keep period 0", async () => {
    const { url, received } = endpoint();
    const account = await accountWith({ outgoingWebhookUrl: url, keepRetiredWebhookPeriodSec: 0 });
    const [id] = await queue([event(account.name, { event: "delivered", queueMsgId: queueMsgId() })], T0);
    await deliverUrl(webhookDeps(db, T0), url);
    expect(received()).toHaveLength(1);
    expect(await hook(id!)).toBeNull();
    expect(await retired(id!)).toBeNull();
  });

  it("removes retired hooks past their keep period in the hourly cleanup", async () => {
    const { url } = endpoint();
    const account = await accountWith({ outgoingWebhookUrl: url, keepRetiredWebhookPeriodSec: 1 });
    // Long ago, so the cleanup's cut-off touches no other test's rows.
    const past = new Date("2001-01-01T00:00:00Z");
    const [id] = await queue([event(account.name, { event: "delivered", queueMsgId: queueMsgId() })], past);
    await deliverUrl(webhookDeps(db, past), url);
    expect(await deleteExpiredRetiredWebhooks(db, new Date(past.getTime() + 500))).toBe(0);
    expect(await retired(id!)).not.toBeNull();
    expect(await deleteExpiredRetiredWebhooks(db, new Date(past.getTime() + 1001))).toBeGreaterThanOrEqual(1);
    expect(await retired(id!)).toBeNull();
  });
});

describe("signature", () => {
  it("signs the exact body with the account's secret when it has one", async () => {
    const { url, received } = endpoint();
    const secret = "s3cr3t-for-test";
    const account = await accountWith({ outgoingWebhookUrl: url, webhookSigningSecret: secret });
    await queue([event(account.name, { event: "delivered", queueMsgId: queueMsgId() })], T0);
    await deliverUrl(webhookDeps(db, T0), url);
    const [got] = received();
    const header = String(got!.headers[SIGNATURE_HEADER.toLowerCase()]);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, got!.body, T0)).toBe(true);
    expect(verifyWebhookSignature("other secret", header, got!.body, T0)).toBe(false);
    expect(verifyWebhookSignature(secret, header, `${got!.body} `, T0)).toBe(false);
    // Replayed ten minutes later.
    expect(verifyWebhookSignature(secret, header, got!.body, new Date(T0.getTime() + 600_000))).toBe(false);
  });
});

describe("superseding", () => {
  it("keeps only the newest pending hook of a message; the older is retired with SupersededByID", async () => {
    const { url, received } = endpoint();
    const account = await accountWith({ outgoingWebhookUrl: url });
    const q = queueMsgId();
    const [first] = await queue([event(account.name, { event: "delayed", queueMsgId: q, error: "451 later" })], T0);
    const later = new Date(T0.getTime() + 60_000);
    const [second] = await queue([event(account.name, { event: "failed", queueMsgId: q, dsn: true })], later);

    expect(await hook(first!)).toBeNull();
    expect(await retired(first!)).toMatchObject({ supersededById: second, success: false, lastActivity: later, attempts: 0, outgoingEvent: "delayed" });
    expect(await hook(second!)).toMatchObject({ queueMsgId: q, outgoingEvent: "failed" });
    await deliverUrl(webhookDeps(db, later), url);
    expect(received().map((r) => r.id)).toEqual([second!.toString()]);
  });

  it("supersedes within one batch too, and never supersedes incoming-message hooks", async () => {
    const { url } = endpoint();
    const account = await accountWith({ outgoingWebhookUrl: url, incomingWebhookUrl: url });
    const q = queueMsgId();
    const [a, b] = await queue([event(account.name, { event: "delayed", queueMsgId: q }), event(account.name, { event: "failed", queueMsgId: q })], T0);
    expect(await hook(a!)).toBeNull();
    expect(await retired(a!)).toMatchObject({ supersededById: b });

    const raw = Buffer.from("Subject: hi\r\n\r\nhi\r\n");
    const facts = { msgId: 1n, mailFrom: "", mailFromValidated: false, msgFromValidated: false, rcptTo: "", dkimVerifiedDomains: [], remoteIp: "", received: T0, mailboxName: "Inbox" };
    const incoming = [];
    for (let i = 0; i < 2; i++) {
      incoming.push(await withSqlTransaction(db, (sql) => queueIncomingEvent(sql, { accountId: account.id, raw, structure: parseStructure(raw), facts }, T0)));
    }
    for (const id of incoming) expect(await hook(id!)).not.toBeNull();
  });

  it("adds the outcome of a request in flight to the retired copy, marked superseded", async () => {
    const { url, received } = endpoint();
    receiver.answer = () => "hang";
    const account = await accountWith({ outgoingWebhookUrl: url });
    const q = queueMsgId();
    const [first] = await queue([event(account.name, { event: "delayed", queueMsgId: q })], T0);
    const deps = webhookDeps(db, T0);
    const run = deliverUrl(deps, url);
    await until(async () => received().length === 1, 5000, "first request in flight");

    receiver.answer = () => OK;
    const [second] = await queue([event(account.name, { event: "failed", queueMsgId: q })], T0);
    receiver.release();
    await run;

    const r = (await retired(first!))!;
    expect(r.supersededById).toBe(second);
    expect(r.results).toEqual([
      expect.objectContaining({ Error: "delivering...", Success: false }),
      expect.objectContaining({ Error: "(superseded)", Success: true, Code: 200, Response: "ok\n" }),
    ]);
    // The run went on to the newer hook, due at once.
    expect(received().map((x) => x.id)).toEqual([first!.toString(), second!.toString()]);
    expect(await retired(second!)).toMatchObject({ success: true });
  });
});

describe("one request in flight per URL", () => {
  it("gives up its worker slot after a turn of about a second, asking for another run", async () => {
    const { url, received } = endpoint();
    receiver.answer = () => ({ ...OK, delayMs: 400 });
    const account = await accountWith({ outgoingWebhookUrl: url });
    await queue(Array.from({ length: 6 }, () => event(account.name, { event: "failed", queueMsgId: queueMsgId() })), T0);
    const deps = webhookDeps(db, T0);
    await deliverUrl(deps, url);
    // Two or three slow answers take the turn past a second; the rest wait for the next run.
    expect(received().length).toBeGreaterThanOrEqual(2);
    expect(received().length).toBeLessThanOrEqual(3);
    expect(deps.scheduled).toEqual([{ url, at: T0 }]);
    await deliverUrl(deps, url);
    expect(received()).toHaveLength(6);
  });

  it("lets a second run for a busy URL leave at once, while another URL is served", async () => {
    const busy = endpoint();
    const free = endpoint();
    const account = await accountWith({ outgoingWebhookUrl: busy.url });
    const other = await accountWith({ outgoingWebhookUrl: free.url });
    receiver.answer = (r) => (r.path === new URL(busy.url).pathname ? "hang" : OK);
    await queue([event(account.name, { event: "failed", queueMsgId: queueMsgId() }), event(account.name, { event: "failed", queueMsgId: queueMsgId() })], T0);
    await queue([event(other.name, { event: "failed", queueMsgId: queueMsgId() })], T0);
    const deps = webhookDeps(db, T0);
    const first = deliverUrl(deps, busy.url);
    await until(async () => busy.received().length === 1, 5000, "request in flight");
    // Same URL: the lock is held, so this run posts nothing.
    await deliverUrl(deps, busy.url);
    expect(busy.received()).toHaveLength(1);
    await deliverUrl(deps, free.url);
    expect(free.received()).toHaveLength(1);
    receiver.answer = () => OK;
    receiver.release();
    await first;
    expect(busy.received()).toHaveLength(2);
    const { rows } = await sqlPool(db).query(`SELECT 1 FROM "Webhook" WHERE "url" = $1`, [busy.url]);
    expect(rows).toHaveLength(0);
  });
});
