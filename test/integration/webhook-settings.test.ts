// An account's webhook settings and the account page's "Test" call (spec 2.1, 11.4).
import { afterAll, describe, expect, it } from "vitest";
import { withSqlTransaction } from "../../server/db/client";
import { settableClock } from "../../server/runtime/clock";
import { deliverUrl } from "../../server/webhook/delivery-run";
import { queueOutgoingEvents } from "../../server/webhook/outgoing-events";
import { createHookDispatcher } from "../../server/webhook/post";
import { incomingWebhookSchema, outgoingWebhookSchema, saveIncomingWebhook, saveOutgoingWebhook, setWebhookSigningSecret } from "../../server/webhook/settings";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "../../server/webhook/signature";
import { sampleIncomingPayload, sampleOutgoingPayload, testWebhook, webhookTestSchema } from "../../server/webhook/test-call";
import { testDb, unique } from "../helpers/env";
import { startHookReceiver } from "../helpers/hook-receiver";
import { hookAccount, webhookDeps } from "../helpers/webhook";

const db = testDb();
const dispatcher = createHookDispatcher();
const receiverReady = startHookReceiver((r) => (r.path.endsWith("/fail") ? { status: 500, body: "nope" } : { status: 200, body: "fine" }));
afterAll(async () => {
  await (await receiverReady).close();
  await dispatcher.close();
  await db.$disconnect();
});

const NOW = new Date("2030-06-01T00:00:00Z");
const account = (name: string) => db.account.findUniqueOrThrow({ where: { name } });

describe("webhook settings", () => {
  it("saves the outgoing webhook with its events, and turns it off with an empty URL", async () => {
    const { name } = await hookAccount(db, {});
    await saveOutgoingWebhook(db, name, outgoingWebhookSchema.parse({ url: "https://hooks.example/out", authorization: "Basic eDp5", events: ["failed", "delivered", "failed"] }));
    expect(await account(name)).toMatchObject({ outgoingWebhookUrl: "https://hooks.example/out", outgoingWebhookAuthorization: "Basic eDp5", outgoingWebhookEvents: ["failed", "delivered"] });
    await saveOutgoingWebhook(db, name, outgoingWebhookSchema.parse({ url: "", authorization: "Basic eDp5", events: ["failed"] }));
    expect(await account(name)).toMatchObject({ outgoingWebhookUrl: "", outgoingWebhookAuthorization: "", outgoingWebhookEvents: [] });
  });

  it("refuses URLs that are not http(s), unknown events and header-breaking Authorization values", () => {
    expect(() => outgoingWebhookSchema.parse({ url: "ftp://hooks.example/" })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => outgoingWebhookSchema.parse({ url: "not a url" })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => outgoingWebhookSchema.parse({ url: "https://hooks.example/", events: ["bounced"] })).toThrow(/unknown event/);
    expect(() => incomingWebhookSchema.parse({ url: "https://hooks.example/", authorization: "Basic x\r\nX-Evil: 1" })).toThrow(/control characters/);
  });

  it("tells when the account does not exist", async () => {
    await expect(saveIncomingWebhook(db, unique("nobody"), { url: "", authorization: "" })).rejects.toMatchObject({ code: "unknownAccount" });
  });

  it("leaves queued hooks with the URL and Authorization they were queued with", async () => {
    const receiver = await receiverReady;
    const first = receiver.url(`/${unique("first")}`);
    const { name } = await hookAccount(db, { outgoingWebhookUrl: first, outgoingWebhookAuthorization: "Basic Zmlyc3Q=" });
    const event = { account: name, event: "delivered" as const, dsn: false, suppressing: false, queueMsgId: BigInt(Date.now()), fromId: "", messageId: "", subject: "", smtpCode: 0, secode: "", error: "", extra: {} };
    await withSqlTransaction(db, (sql) => queueOutgoingEvents(sql, [event], NOW));
    await saveOutgoingWebhook(db, name, outgoingWebhookSchema.parse({ url: receiver.url("/second"), authorization: "Basic c2Vjb25k" }));
    await deliverUrl(webhookDeps(db, NOW), first);
    const got = receiver.received.filter((r) => r.path === new URL(first).pathname);
    expect(got.map((r) => r.headers.authorization)).toEqual(["Basic Zmlyc3Q="]);
  });
});

describe("test webhook", () => {
  const deps = () => ({ db, clock: settableClock(NOW), dispatcher, timeoutMs: 2000 });

  it("posts the edited sample indented, as hook 1 attempt 1, and returns status and response", async () => {
    const receiver = await receiverReady;
    const { name } = await hookAccount(db, {});
    const url = receiver.url(`/${unique("test")}`);
    const payload = { ...sampleOutgoingPayload(), Event: "failed", Suppressing: true, Extra: { a: "b" } };
    const r = await testWebhook(deps(), name, webhookTestSchema.parse({ kind: "outgoing", url, authorization: "Basic dGVzdA==", payload }));
    expect(r).toEqual({ code: 200, response: "fine", error: "" });
    const got = receiver.received.find((x) => x.path === new URL(url).pathname)!;
    expect(got.headers).toMatchObject({ "x-mox-webhook-id": "1", "x-mox-webhook-attempt": "1", authorization: "Basic dGVzdA==" });
    expect(got.body).toBe(JSON.stringify(payload, null, "\t").replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`));
  });

  it("succeeds with the error text for a non-200 status, and for a receiver that is down", async () => {
    const receiver = await receiverReady;
    const { name } = await hookAccount(db, {});
    const incoming = webhookTestSchema.parse({ kind: "incoming", url: receiver.url("/fail"), authorization: "", payload: sampleIncomingPayload() });
    expect(await testWebhook(deps(), name, incoming)).toEqual({ code: 500, response: "nope", error: `http status "500 Internal Server Error", expected 200 ok` });
    const down = webhookTestSchema.parse({ kind: "incoming", url: "http://127.0.0.1:9/", authorization: "", payload: {} });
    expect(await testWebhook(deps(), name, down)).toEqual({ code: 0, response: "", error: "http transact: connect ECONNREFUSED 127.0.0.1:9" });
  });

  it("refuses an outgoing sample with a wrong field, and signs with the account's secret", async () => {
    expect(() => webhookTestSchema.parse({ kind: "outgoing", url: "http://127.0.0.1:9/", authorization: "", payload: { ...sampleOutgoingPayload(), Event: "bounced" } })).toThrow();
    const receiver = await receiverReady;
    const { name } = await hookAccount(db, {});
    const secret = await setWebhookSigningSecret(db, name, true);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const url = receiver.url(`/${unique("signed")}`);
    await testWebhook(deps(), name, webhookTestSchema.parse({ kind: "outgoing", url, authorization: "", payload: sampleOutgoingPayload() }));
    const got = receiver.received.find((x) => x.path === new URL(url).pathname)!;
    expect(verifyWebhookSignature(secret, String(got.headers[SIGNATURE_HEADER.toLowerCase()]), got.body, NOW)).toBe(true);
    expect(await setWebhookSigningSecret(db, name, false)).toBe("");
    expect((await account(name)).webhookSigningSecret).toBe("");
  });
});
