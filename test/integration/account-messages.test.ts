// A user's own outgoing messages over real HTTP and PostgreSQL: one list of queued and retired messages
// searched by recipient, Message-ID, FromID and Extra key=value; the trail of an own message and NOT_FOUND
// for another account's; cancel of a queued message (retired as canceled, with the canceled webhook).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { insertQueueMessage, insertRetiredMessage } from "../helpers/queue-rows";
import { accountClient, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let alice: SessionClient;


type Row = { id: bigint; state: string; hold: boolean; success: boolean | null; recipient: string; lastResult: { Error?: string } | null };

const MIN = 60_000;
const T = Date.now();
const ago = (minutes: number) => new Date(T - minutes * MIN);
const ids = new Map<string, bigint>();
const named = (rows: Row[]) => rows.map((r) => [...ids].find(([, id]) => id === r.id)?.[0] ?? String(r.id));

const list = async (filter: object, sort: object = {}, limit = 50) => {
  const res = await alice.query("account.message.list", { filter, sort, limit });
  if (res.error) throw new Error(res.error.message);
  return res.data as Row[];
};
const find = async (filter: object) => named(await list(filter));

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_accmsg");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db);
  await createDomain(db, { name: "example.org", catchallSeparators: ["+"] });
  await createAccount(db, { name: "alice", address: "alice@example.org", password: "alice-password" });
  await createAccount(db, { name: "bob", address: "bob@example.org", password: "bob-password" });
  alice = await accountClient(server, "alice@example.org", "alice-password");
  const sender = { senderAccount: "alice", senderLocalpart: "alice", senderDomain: "example.org" };
  const retiredSender = { senderAccount: "alice", senderLocalpart: "alice", senderDomainStr: "example.org" };
  const future = new Date(T + 24 * 60 * MIN);
  ids.set("queued", await insertQueueMessage(db, { ...sender, queued: ago(5), nextAttempt: future, recipientLocalpart: "carol", recipientDomain: "shop.example", messageIdHeader: "<q1@example.org>", extra: { customer: "42" } }));
  ids.set("held", await insertQueueMessage(db, { ...sender, queued: ago(4), hold: true, recipientLocalpart: "dave", recipientDomain: "shop.example", fromId: "fid123", extra: { customer: "7", plan: "pro" } }));
  ids.set("delivered", await insertRetiredMessage(db, { ...retiredSender, queued: ago(30), recipientLocalpart: "carol", recipientDomainStr: "shop.example", recipientDomain: "shop.example", messageIdHeader: "<r1@example.org>", extra: { customer: "42" } }));
  ids.set("failed", await insertRetiredMessage(db, { ...retiredSender, queued: ago(20), success: false, recipientLocalpart: "erin", recipientDomainStr: "other.example", recipientDomain: "other.example", fromId: "fid999", results: [{ Error: "550 no such user" }] }));
  ids.set("bobs", await insertQueueMessage(db, { senderAccount: "bob", senderLocalpart: "bob", senderDomain: "example.org", queued: ago(3), hold: true, recipientLocalpart: "carol", recipientDomain: "shop.example", extra: { customer: "42" } }));
  ids.set("bobsRetired", await insertRetiredMessage(db, { senderAccount: "bob", senderLocalpart: "bob", senderDomainStr: "example.org", queued: ago(2), messageIdHeader: "<r1@example.org>" }));
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

describe("account messages: the list", () => {
  it("lists only the account's queued and retired messages, newest submitted first, and pages by keyset", async () => {
    const rows = await list({});
    expect(named(rows)).toEqual(["held", "queued", "failed", "delivered"]);
    expect(rows.map((r) => r.state)).toEqual(["queued", "queued", "retired", "retired"]);
    expect(rows[2]!.lastResult?.Error).toBe("550 no such user");
    expect(named(await list({}, { asc: true }))).toEqual(["delivered", "failed", "queued", "held"]);
    const first = await list({}, {}, 2);
    const last = first.at(-1)!;
    const queued = (await db.queueMessage.findUniqueOrThrow({ where: { id: last.id } })).queued;
    expect(named(await list({}, { lastId: last.id, last: queued.toISOString() }, 2))).toEqual(["failed", "delivered"]);
  });

  it("finds messages by recipient, Message-ID (with or without brackets), FromID and Extra key=value", async () => {
    expect(await find({ to: "carol@" })).toEqual(["queued", "delivered"]);
    expect(await find({ to: "@SHOP.example" })).toEqual(["held", "queued", "delivered"]);
    expect(await find({ messageId: "<r1@example.org>" })).toEqual(["delivered"]);
    expect(await find({ messageId: "q1@example.org" })).toEqual(["queued"]);
    expect(await find({ fromId: "fid999" })).toEqual(["failed"]);
    expect(await find({ fromId: "fid" })).toEqual([]);
    expect(await find({ extra: "customer=42" })).toEqual(["queued", "delivered"]);
    expect(await find({ extra: "plan" })).toEqual(["held"]);
    expect(await find({ extra: "customer=4" })).toEqual([]);
    expect(await find({ extra: "customer=42", to: "carol", state: "delivered" })).toEqual(["delivered"]);
  });

  it("filters by state and submission time", async () => {
    expect(await find({ state: "queued" })).toEqual(["held", "queued"]);
    expect(await find({ state: "held" })).toEqual(["held"]);
    expect(await find({ state: "delivered" })).toEqual(["delivered"]);
    expect(await find({ state: "failed" })).toEqual(["failed"]);
    expect(await find({ submitted: "<-10m" })).toEqual(["failed", "delivered"]);
  });

  it("refuses bad filters with field errors", async () => {
    const res = await alice.query("account.message.list", { filter: { extra: "=42", submitted: "yesterday" }, sort: {} });
    expect(res.status).toBe(400);
    expect(res.error?.fieldErrors?.filter).toEqual([expect.stringMatching(/key=value/), expect.stringMatching(/must start with "<"/)]);
  });
});

describe("account messages: trail and cancel", () => {
  it("shows the trail of an own message, and NOT_FOUND for another account's", async () => {
    const own = await alice.query("account.message.trail", { id: String(ids.get("failed")) });
    expect(own.status).toBe(200);
    expect(own.data).toMatchObject({ state: "retired", message: { senderAccount: "alice" } });
    for (const other of [ids.get("bobs"), ids.get("bobsRetired"), 999_999n]) {
      const res = await alice.query("account.message.trail", { id: String(other) });
      expect(res.status).toBe(404);
      expect(res.error?.code).toBe("NOT_FOUND");
    }
  });

  it("cancels a held queued message: gone from the queue, retired as canceled, with a canceled webhook and an audit entry", async () => {
    await db.account.update({ where: { name: "alice" }, data: { keepRetiredMessagePeriodSec: 3600, outgoingWebhookUrl: "http://127.0.0.1:9/hook" } });
    const id = ids.get("held")!;
    const res = await alice.mutate("account.message.cancel", { id: String(id) });
    expect(res.status).toBe(200);
    expect(await db.queueMessage.findUnique({ where: { id } })).toBeNull();
    const retired = await db.retiredMessage.findUniqueOrThrow({ where: { id } });
    expect(retired.success).toBe(false);
    const hooks = await db.webhook.findMany({ where: { queueMsgId: id } });
    expect(hooks.map((h) => h.outgoingEvent)).toEqual(["canceled"]);
    expect(JSON.parse(hooks[0]!.payload)).toMatchObject({ Event: "canceled" });
    const trail = await alice.query("account.message.trail", { id: String(id) });
    expect(trail.data).toMatchObject({ state: "retired", events: expect.arrayContaining([expect.objectContaining({ kind: "webhook" })]) });
    const entry = await db.auditEntry.findFirst({ where: { action: "message.cancel" } });
    expect(entry).toMatchObject({ surface: "account", actor: "alice@example.org", target: `alice: message ${id}` });
    expect((await alice.mutate("account.message.cancel", { id: String(id) })).status).toBe(404);
  });

  it("cannot cancel another account's message", async () => {
    const id = ids.get("bobs")!;
    const res = await alice.mutate("account.message.cancel", { id: String(id) });
    expect(res.status).toBe(404);
    expect(await db.queueMessage.findUnique({ where: { id } })).not.toBeNull();
  });
});
