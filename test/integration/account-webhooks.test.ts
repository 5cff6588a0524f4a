// The account area's webhooks page over tRPC, as its user: saving the settings (bad input refused on its field,
// Authorization never sent back), test calls to a real receiver, signing with rotation, the account's own
// webhook calls with replay, and the pause after failures in a row with Resume.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Queue } from "bullmq";
import { createDb, sqlPool, withSqlTransaction, type Db } from "../../server/db/client";
import type { KeyedJob } from "../../server/jobs/keyed-scheduler";
import { createAccount } from "../../server/provision/account";
import { settableClock } from "../../server/runtime/clock";
import { createDomain } from "../../server/store/domains";
import { deliverUrl } from "../../server/webhook/delivery-run";
import { queueOutgoingEvents, type OutgoingEvent } from "../../server/webhook/outgoing-events";
import { PAUSE_AFTER_FAILURES } from "../../server/webhook/pause";
import { webhookScheduler } from "../../server/webhook/scheduler";
import { SIGNATURE_HEADER, verifyWebhookSignature } from "../../server/webhook/signature";
import { sampleIncomingPayload, sampleOutgoingPayload } from "../../server/webhook/test-call";
import { adminDatabaseUrl, unique } from "../helpers/env";
import { OK, startHookReceiver, type HookReceiver } from "../helpers/hook-receiver";
import { isolatedDatabase } from "../helpers/pg";
import { accountClient, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";
import { webhookDeps } from "../helpers/webhook";

const PASSWORD = "account-test-password";
const HOUR = 3600_000;
const clock = settableClock(new Date());

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let receiver: HookReceiver;
let user: SessionClient;
let other: SessionClient;
let name: string;
let otherName: string;

async function newAccount(domain: string): Promise<{ name: string; client: SessionClient }> {
  const address = `${unique("u").toLowerCase()}@${domain}`;
  const account = await createAccount(db, { name: unique("wh"), address, password: PASSWORD, keepRetiredWebhookPeriodSec: 3600 });
  return { name: account.name, client: await accountClient(server, address, PASSWORD) };
}

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_accwh");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db, { clock });
  receiver = await startHookReceiver();
  const domain = `${unique("whd").toLowerCase()}.example`;
  await createDomain(db, { name: domain, catchallSeparators: ["+"] });
  ({ name, client: user } = await newAccount(domain));
  ({ name: otherName, client: other } = await newAccount(domain));
});
afterAll(async () => {
  await receiver?.close();
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

// A path of its own per test, so requests of other tests never mix in.
function endpoint() {
  const path = `/${unique("p")}`;
  return { url: receiver.url(path), received: () => receiver.received.filter((r) => r.path === path) };
}

const json = (v: unknown) => JSON.stringify(v, (_key, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
const account = (n = name) => db.account.findUniqueOrThrow({ where: { name: n } });

function event(account: string, queueMsgId: bigint): OutgoingEvent {
  return { account, event: "delivered", dsn: false, suppressing: false, queueMsgId, fromId: "", messageId: "<m@x>", subject: "s", smtpCode: 0, secode: "", error: "", extra: {} };
}
let msgId = 1000n;
const queueHooks = (account: string, n: number) =>
  withSqlTransaction(db, (sql) => queueOutgoingEvents(sql, Array.from({ length: n }, () => event(account, ++msgId)), clock.now()));

describe("webhook settings", () => {
  it("saves the outgoing webhook with events and the incoming one, never sending an Authorization back", async () => {
    const out = await user.mutate("account.webhook.outgoingSet", { url: "https://hooks.example/out", authorization: "Basic c2VjcmV0LW91dA==", events: ["delivered", "failed"] });
    expect(out.status).toBe(200);
    const inc = await user.mutate("account.webhook.incomingSet", { url: "https://hooks.example/in", authorization: "Bearer secret-in" });
    expect(inc.status).toBe(200);
    const got = (await user.query("account.webhook.get")).data;
    expect(got).toMatchObject({
      outgoing: { url: "https://hooks.example/out", authorizationSet: true, events: ["delivered", "failed"] },
      incoming: { url: "https://hooks.example/in", authorizationSet: true },
      signing: { on: false, previousUntil: null },
      pause: { pausedAt: null, consecutiveFailures: 0, after: PAUSE_AFTER_FAILURES },
    });
    // Without Authorization the saved one stays; "" clears it.
    await user.mutate("account.webhook.outgoingSet", { url: "https://hooks.example/out2", events: [] });
    expect(await account()).toMatchObject({ outgoingWebhookUrl: "https://hooks.example/out2", outgoingWebhookAuthorization: "Basic c2VjcmV0LW91dA==", outgoingWebhookEvents: [] });
    await user.mutate("account.webhook.incomingSet", { url: "https://hooks.example/in", authorization: "" });
    expect((await account()).incomingWebhookAuthorization).toBe("");
    const audit = await db.auditEntry.findMany({ where: { action: "account.outgoingWebhook", target: name } });
    expect(audit.map((a) => [a.surface, a.actor.includes("@")])).toEqual([["account", true], ["account", true]]);
    expect(user.responses.join("\n")).not.toMatch(/c2VjcmV0LW91dA|secret-in/);
    expect(json(audit)).not.toMatch(/c2VjcmV0LW91dA/);
    // The other account's settings are untouched.
    expect((await account(otherName)).outgoingWebhookUrl).toBe("");
  });

  it("refuses a non-http URL, an unknown event and an Authorization with a line break on their fields, changing nothing", async () => {
    await user.mutate("account.webhook.outgoingSet", { url: "https://hooks.example/kept", authorization: "Basic a2VwdA==", events: ["delivered"] });
    const before = await account();
    const cases: [string, object, string][] = [
      ["account.webhook.outgoingSet", { url: "ftp://x", events: [] }, "url"],
      ["account.webhook.outgoingSet", { url: "https://hooks.example/new", events: ["delivered", "bounced"] }, "events"],
      ["account.webhook.outgoingSet", { url: "https://hooks.example/new", authorization: "Basic a\nX-Evil: 1", events: [] }, "authorization"],
      ["account.webhook.incomingSet", { url: "ftp://x" }, "url"],
      ["account.webhook.incomingSet", { url: "https://hooks.example/new", authorization: "Basic a\r\nb" }, "authorization"],
    ];
    for (const [path, input, field] of cases) {
      const r = await user.mutate(path, input);
      expect({ path, field, status: r.status, hasField: Boolean(r.error?.fieldErrors?.[field]?.length) }).toEqual({ path, field, status: 400, hasField: true });
    }
    expect(await account()).toEqual(before);
  });
});

describe("test call", () => {
  it("posts the sample with the form's Authorization, as hook 1, and returns code and body; the saved one when none is given", async () => {
    const e = endpoint();
    const payload = { ...sampleOutgoingPayload(), Event: "failed", Extra: { a: "b" } };
    const r = await user.mutate("account.webhook.test", { kind: "outgoing", url: e.url, authorization: "Basic dGVzdA==", payload });
    expect(r.data).toMatchObject({ code: 200, response: "ok\n", error: "", signature: "", signedString: "" });
    expect(e.received()[0]!.headers).toMatchObject({ authorization: "Basic dGVzdA==", "x-mox-webhook-id": "1", "x-mox-webhook-attempt": "1" });
    expect(JSON.parse(e.received()[0]!.body)).toEqual(payload);

    await user.mutate("account.webhook.outgoingSet", { url: e.url, authorization: "Basic c2F2ZWQ=", events: [] });
    await user.mutate("account.webhook.test", { kind: "outgoing", url: e.url, payload: sampleOutgoingPayload() });
    expect(e.received()[1]!.headers.authorization).toBe("Basic c2F2ZWQ=");
    expect(user.responses.join("\n")).not.toContain("c2F2ZWQ");

    receiver.answer = () => ({ status: 500, body: "nope" });
    const failed = await user.mutate("account.webhook.test", { kind: "incoming", url: e.url, authorization: "", payload: sampleIncomingPayload() });
    receiver.answer = () => OK;
    expect(failed.data).toMatchObject({ code: 500, response: "nope", error: `http status "500 Internal Server Error", expected 200 ok` });
  });

  it("refuses a bad URL or sample on its field", async () => {
    const ftp = await user.mutate("account.webhook.test", { kind: "outgoing", url: "ftp://x", payload: sampleOutgoingPayload() });
    expect(ftp.error?.fieldErrors?.url).toBeTruthy();
    const empty = await user.mutate("account.webhook.test", { kind: "incoming", url: "", payload: {} });
    expect(empty.error?.fieldErrors?.url).toBeTruthy();
    const bad = await user.mutate("account.webhook.test", { kind: "outgoing", url: endpoint().url, payload: { ...sampleOutgoingPayload(), Event: "bounced" } });
    expect(bad.error?.fieldErrors?.payload).toBeTruthy();
  });
});

describe("signing", () => {
  it("signs with a new secret shown once; during a rotation's overlap with both secrets, after it with the new one only", async () => {
    const e = endpoint();
    await user.mutate("account.webhook.outgoingSet", { url: e.url, events: [] });
    const first = (await user.mutate("account.webhook.signingGenerate")).data as { secret: string };
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await user.query("account.webhook.get")).data).toMatchObject({ signing: { on: true, previousUntil: null } });

    const tested = (await user.mutate("account.webhook.test", { kind: "outgoing", url: e.url, payload: sampleOutgoingPayload() })).data as { signature: string; signedString: string };
    const got = e.received().at(-1)!;
    expect(got.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(tested.signature);
    expect(tested.signedString).toBe(`${/^t=(\d+)/.exec(tested.signature)![1]}.${got.body}`);
    expect(verifyWebhookSignature(first.secret, tested.signature, got.body, clock.now())).toBe(true);

    const rotated = (await user.mutate("account.webhook.signingRotate")).data as { secret: string; previousUntil: Date };
    expect(rotated.secret).not.toBe(first.secret);
    expect(rotated.previousUntil.getTime()).toBe(clock.now().getTime() + 24 * HOUR);
    expect((await user.query("account.webhook.get")).data).toMatchObject({ signing: { on: true, previousUntil: rotated.previousUntil } });

    // A real delivery an hour into the overlap carries both signatures.
    await queueHooks(name, 1);
    const during = new Date(clock.now().getTime() + HOUR);
    await deliverUrl(webhookDeps(db, during), e.url);
    const duringHook = e.received().at(-1)!;
    const duringHeader = String(duringHook.headers[SIGNATURE_HEADER.toLowerCase()]);
    expect(duringHeader).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(rotated.secret, duringHeader, duringHook.body, during)).toBe(true);
    expect(verifyWebhookSignature(first.secret, duringHeader, duringHook.body, during)).toBe(true);

    await queueHooks(name, 1);
    const after = new Date(clock.now().getTime() + 25 * HOUR);
    await deliverUrl(webhookDeps(db, after), e.url);
    const afterHook = e.received().at(-1)!;
    const afterHeader = String(afterHook.headers[SIGNATURE_HEADER.toLowerCase()]);
    expect(afterHeader).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(rotated.secret, afterHeader, afterHook.body, after)).toBe(true);
    expect(verifyWebhookSignature(first.secret, afterHeader, afterHook.body, after)).toBe(false);

    expect((await user.mutate("account.webhook.signingOff")).status).toBe(200);
    expect(await account()).toMatchObject({ webhookSigningSecret: "", webhookSigningPrevious: "", webhookSigningPreviousUntil: null });
    await user.mutate("account.webhook.test", { kind: "outgoing", url: e.url, payload: sampleOutgoingPayload() });
    expect(e.received().at(-1)!.headers[SIGNATURE_HEADER.toLowerCase()]).toBeUndefined();

    // Secrets are never sent again, nor stored in the audit log.
    const later = user.responses.slice(user.responses.findIndex((r) => r.includes(rotated.secret)) + 1).join("\n");
    expect(later).not.toContain(rotated.secret);
    expect(json(await db.auditEntry.findMany({ where: { action: "account.webhookSigning" } }))).not.toMatch(new RegExp(`${first.secret}|${rotated.secret}`));
  });
});

describe("the account's webhook calls", () => {
  it("lists only the caller's queued and finished hooks, and replays only its own", async () => {
    const e = endpoint();
    await user.mutate("account.webhook.outgoingSet", { url: e.url, events: [] });
    await other.mutate("account.webhook.outgoingSet", { url: e.url, events: [] });
    const [mine] = await queueHooks(name, 1);
    const [theirs] = await queueHooks(otherName, 1);
    const queued = (await user.query("account.webhook.queued", {})).data as { id: bigint; account: string }[];
    expect(queued.map((h) => h.id)).toContain(mine);
    expect(queued.every((h) => h.account === name)).toBe(true);
    expect(user.responses.at(-1)).not.toContain('"authorization"');

    await deliverUrl(webhookDeps(db, clock.now()), e.url);
    const retired = (await user.query("account.webhook.retired", {})).data as { id: bigint; account: string; success: boolean; results: { Code: number }[] }[];
    expect(retired.find((h) => h.id === mine)).toMatchObject({ success: true, results: [{ Code: 200 }] });
    expect(retired.every((h) => h.account === name)).toBe(true);
    expect(retired.map((h) => h.id)).not.toContain(theirs);

    const refused = await user.mutate("account.webhook.replay", { ids: [theirs!.toString()] });
    expect(refused.error?.code).toBe("NOT_FOUND");
    const mixed = await user.mutate("account.webhook.replay", { ids: [mine!.toString(), theirs!.toString()] });
    expect(mixed.error?.code).toBe("NOT_FOUND");
    expect(await db.webhook.count({ where: { url: e.url } })).toBe(0);

    const replayed = await user.mutate("account.webhook.replay", { ids: [mine!.toString()] });
    expect(replayed.data).toEqual({ count: 1 });
    expect(await db.webhook.findMany({ where: { url: e.url }, select: { account: true } })).toEqual([{ account: name }]);
  });
});

describe("pause after failures in a row", () => {
  it("pauses after the 12th failed attempt, attempts nothing more, and Resume makes the hooks due", async () => {
    const { name: pausing, client } = await newAccount((await db.domain.findFirstOrThrow()).name);
    const e = endpoint();
    await client.mutate("account.webhook.outgoingSet", { url: e.url, events: [] });
    receiver.answer = (h) => (h.path === new URL(e.url).pathname ? { status: 500, body: "down" } : OK);
    await queueHooks(pausing, PAUSE_AFTER_FAILURES + 2);
    const at = clock.now();
    await deliverUrl(webhookDeps(db, at), e.url);
    expect(e.received()).toHaveLength(PAUSE_AFTER_FAILURES);
    const paused = await account(pausing);
    expect(paused).toMatchObject({ webhookConsecutiveFailures: PAUSE_AFTER_FAILURES, webhooksPausedAt: at });
    expect((await client.query("account.webhook.get")).data).toMatchObject({ pause: { pausedAt: at, consecutiveFailures: PAUSE_AFTER_FAILURES } });

    // Long after, everything is due, yet nothing of a paused account is attempted (and the run ends), nor does
    // the reconcile ask for runs of its URL.
    const later = new Date(at.getTime() + 48 * HOUR);
    await deliverUrl(webhookDeps(db, later), e.url);
    expect(e.received()).toHaveLength(PAUSE_AFTER_FAILURES);
    const asked: { data: { key: string } }[] = [];
    const scheduler = webhookScheduler({ addBulk: async (jobs: typeof asked) => void asked.push(...jobs) } as unknown as Queue<KeyedJob>);
    await scheduler.reconcile(sqlPool(db), later);
    expect(asked.map((j) => j.data.key)).not.toContain(e.url);
    expect(await db.webhook.count({ where: { account: pausing } })).toBe(PAUSE_AFTER_FAILURES + 2);

    receiver.answer = () => OK;
    clock.advance(60_000);
    const resumed = await client.mutate("account.webhook.resume");
    expect(resumed.data).toEqual({ count: PAUSE_AFTER_FAILURES + 2 });
    expect(await account(pausing)).toMatchObject({ webhookConsecutiveFailures: 0, webhooksPausedAt: null });
    const hooks = await db.webhook.findMany({ where: { account: pausing } });
    expect(hooks.every((h) => h.nextAttempt.getTime() === clock.now().getTime())).toBe(true);
    expect(await db.auditEntry.count({ where: { action: "account.webhooksResume", target: pausing, surface: "account" } })).toBe(1);

    await scheduler.reconcile(sqlPool(db), clock.now());
    expect(asked.map((j) => j.data.key)).toContain(e.url);
    await deliverUrl(webhookDeps(db, clock.now()), e.url);
    expect(e.received()).toHaveLength(2 * PAUSE_AFTER_FAILURES + 2);
    expect(await db.webhook.count({ where: { account: pausing } })).toBe(0);
    expect((await account(pausing)).webhookConsecutiveFailures).toBe(0);
  });

  it("counts only failures in a row: a success starts the count again", async () => {
    const { name: flaky, client } = await newAccount((await db.domain.findFirstOrThrow()).name);
    const e = endpoint();
    await client.mutate("account.webhook.outgoingSet", { url: e.url, events: [] });
    let n = 0;
    receiver.answer = (h) => (h.path === new URL(e.url).pathname && ++n !== PAUSE_AFTER_FAILURES - 1 ? { status: 500, body: "down" } : OK);
    await queueHooks(flaky, PAUSE_AFTER_FAILURES + 1);
    await deliverUrl(webhookDeps(db, clock.now()), e.url);
    receiver.answer = () => OK;
    // 10 failures, a success, 2 failures: not paused.
    expect(await account(flaky)).toMatchObject({ webhookConsecutiveFailures: 2, webhooksPausedAt: null });
  });
});
