// The admin view of every account's suppressions and the audit log, over real HTTP and PostgreSQL: entries
// added by admins, by the webapi and by the queue are in one list; every change is audited with its surface;
// bad input gets a field error and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, sqlPool, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { suppressAfterFailure } from "../../server/suppression/automatic";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { adminClient, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";
import { basic, call, startWebapi, type WebapiServer } from "../helpers/webapi";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let webapi: WebapiServer;
let admin: SessionClient;

type ListResult = { rows: { id: number; account: string; baseAddress: string; manual: boolean; source: string; queueMsgId: string; attempt: number; smtpEnhancedCode: string }[]; total: number; next: number | null };
type AuditRows = { rows: { action: string; surface: string; actor: string; target: string; before: unknown; after: unknown }[]; next: string | null };

const list = async (filter: object, extra: object = {}) => (await admin.query("admin.suppression.list", { filter, ...extra })).data as ListResult;
const audit = async (filter: object) => (await admin.query("admin.audit.list", { filter })).data as AuditRows;

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_admsupp");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db);
  webapi = await startWebapi(db);
  admin = await adminClient(server);
  await createDomain(db, { name: "example.org", catchallSeparators: ["+"] });
  await createAccount(db, { name: "alice", address: "alice@example.org", password: "alice-password" });
  await createAccount(db, { name: "bob", address: "bob@example.org", password: "bob-password" });
});
afterAll(async () => {
  await webapi?.close();
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

describe("admin suppressions", () => {
  it("adds a manual entry for an account, finds it by any form of the address, and audits it", async () => {
    const added = await admin.mutate("admin.suppression.add", { account: "alice", address: "Some.One+news@Example.org", reason: "asked us to stop" });
    expect(added.status).toBe(200);
    expect((await list({ search: "someone+x@example.org" })).rows.map((r) => r.baseAddress)).toEqual(["someone@example.org"]);
    expect((await list({ search: "Some.One" })).total).toBe(1);
    expect((await list({ account: "bob" })).total).toBe(0);
    const [entry] = (await audit({ action: "suppression.add" })).rows;
    expect(entry).toMatchObject({ surface: "admin", actor: "admin", target: "alice: someone@example.org", before: null });
    expect(entry!.after).toMatchObject({ account: "alice", manual: true, reason: "asked us to stop" });
  });

  it("gives field errors for a bad address, an unknown account and a duplicate, and adds nothing", async () => {
    const before = (await list({})).total;
    const bad = await admin.mutate("admin.suppression.add", { account: "alice", address: "not an address", reason: "" });
    expect(bad.status).toBe(400);
    expect(bad.error?.fieldErrors?.address?.[0]).toMatch(/address/);
    const unknown = await admin.mutate("admin.suppression.add", { account: "nobody", address: "x@example.net", reason: "" });
    expect(unknown.error?.fieldErrors?.account?.[0]).toMatch(/does not exist/);
    const duplicate = await admin.mutate("admin.suppression.add", { account: "alice", address: "someone@example.org", reason: "" });
    expect(duplicate.error?.fieldErrors?.address?.[0]).toMatch(/already on the suppression list/);
    expect((await list({})).total).toBe(before);
  });

  it("shows webapi additions, audited as the webapi with the login address", async () => {
    const res = await call(webapi, basic("bob@example.org", "bob-password"), "SuppressionAdd", { EmailAddress: "gone@example.net", Manual: true, Reason: "from the api" });
    expect(res.status).toBe(200);
    expect((await list({ account: "bob" })).rows.map((r) => r.baseAddress)).toEqual(["gone@example.net"]);
    const [entry] = (await audit({ surface: "webapi" })).rows;
    expect(entry).toMatchObject({ action: "suppression.add", actor: "bob@example.org", target: "bob: gone@example.net" });
  });

  it("records what caused an automatic entry: the message, the attempt and the codes", async () => {
    const recipient = { localpart: "unknown", domain: { ascii: "example.net", unicode: "example.net" } };
    const added = await suppressAfterFailure(sqlPool(db), { account: "alice", recipient, code: 550, secode: "1.1", source: "queue", messageId: 4242n, attempt: 3 });
    expect(added).toBe(true);
    const [row] = (await list({ kind: "automatic" })).rows;
    expect(row).toMatchObject({ account: "alice", baseAddress: "unknown@example.net", manual: false, source: "queue", queueMsgId: "4242", attempt: 3, smtpEnhancedCode: "5.1.1" });
    expect((await list({ kind: "manual", account: "alice" })).rows.every((r) => r.manual)).toBe(true);
  });

  it("pages by cursor in both orders", async () => {
    const all = (await list({}, { limit: 50 })).rows.map((r) => r.id);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = await list({}, { limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual(all.slice(0, 2));
    const second = await list({}, { limit: 2, cursor: first.next });
    expect(second.rows[0]!.id).toBe(all[2]);
    const oldest = await list({}, { sort: "oldest", limit: 50 });
    expect(oldest.rows.map((r) => r.id)).toEqual([...all].reverse());
  });

  it("removes an entry, audits what it was, and SuppressionPresent follows", async () => {
    const { rows } = await list({ search: "gone@example.net" });
    const auth = basic("bob@example.org", "bob-password");
    expect((await call(webapi, auth, "SuppressionPresent", { EmailAddress: "gone@example.net" })).json()).toEqual({ Present: true });
    expect((await admin.mutate("admin.suppression.remove", { id: rows[0]!.id })).status).toBe(200);
    expect((await call(webapi, auth, "SuppressionPresent", { EmailAddress: "gone@example.net" })).json()).toEqual({ Present: false });
    const [entry] = (await audit({ action: "suppression.remove" })).rows;
    expect(entry).toMatchObject({ surface: "admin", target: "bob: gone@example.net", after: null });
    expect(entry!.before).toMatchObject({ reason: "from the api" });
    expect((await admin.mutate("admin.suppression.remove", { id: rows[0]!.id })).status).toBe(404);
  });
});

describe("audit log", () => {
  it("records hold rules added and removed through the admin pages", async () => {
    const added = await admin.mutate("admin.holdRule.add", { account: "alice", senderDomain: "", recipientDomain: "example.net" });
    const id = (added.data as { id: number }).id;
    await admin.mutate("admin.holdRule.remove", { id });
    const rows = (await audit({ action: "holdRule" })).rows;
    expect(rows.map((r) => r.action)).toEqual(["holdRule.remove", "holdRule.add"]);
    expect(rows[1]!.after).toMatchObject({ account: "alice", recipientDomain: "example.net" });
    expect(rows[0]!.before).toMatchObject({ account: "alice" });
  });

  it("records queue and webhook operations as what was asked and what they did", async () => {
    expect((await admin.mutate("admin.queue.holdSet", { filter: { ids: [77_001n, 77_002n] }, hold: true })).status).toBe(200);
    expect((await admin.mutate("admin.hook.cancel", { filter: { account: "nobody" } })).status).toBe(200);
    const [cancel, hold] = (await audit({})).rows;
    expect(hold).toMatchObject({ action: "queue.holdSet", target: "messages 77001, 77002", after: { count: 0 } });
    expect(hold!.before).toMatchObject({ hold: true, filter: { ids: ["77001", "77002"] } });
    expect(cancel).toMatchObject({ action: "hook.cancel", target: "webhooks matching a filter", before: { filter: { account: "nobody" } }, after: { count: 0 } });
  });

  it("leaves no entry for a change that was refused", async () => {
    const count = await db.auditEntry.count();
    await admin.mutate("admin.holdRule.remove", { id: 999_999 });
    await admin.mutate("admin.suppression.add", { account: "alice", address: "bad", reason: "" });
    expect(await db.auditEntry.count()).toBe(count);
  });

  it("filters by target and actor, and refuses callers without an admin session", async () => {
    expect((await audit({ target: "someone@" })).rows.every((r) => r.target.includes("someone@"))).toBe(true);
    expect((await audit({ actor: "bob@" })).rows.length).toBeGreaterThan(0);
    const anonymous = await fetch(`${server.url}/api/trpc/admin.audit.list?input=${encodeURIComponent(JSON.stringify({ json: { filter: {} } }))}`);
    expect(anonymous.status).toBe(401);
  });
});
