// The admin account pages' procedures over real HTTP and PostgreSQL: adding an account that can then log in,
// field errors that change nothing, the removal preview and the removal, disabled logins, limits beside usage,
// webhook, retirement and fromid settings with their rules, and webhook Authorization never sent back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASKED } from "../../server/audit/audit-log";
import { Authenticator } from "../../server/auth/authenticate";
import { createDb, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { formatPeriod, formatSize, parsePeriod, parseSize } from "../../server/trpc/admin/account-schemas";
import { insertQueueMessage } from "../helpers/queue-rows";
import { adminClient, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let admin: SessionClient;

const HOUR = 3600_000;
const SECRET = "Bearer very-secret-token-42";

type AuditRows = { rows: { action: string; target: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] };
type Detail = {
  name: string;
  loginDisabled: string;
  addresses: string[];
  limits: { maxOutgoingMessagesPerDay: number; maxFirstTimeRecipientsPerDay: number; quota: number };
  usage: { messagesToday: number; firstTimeRecipientsToday: number; storageUsed: number };
  outgoingWebhook: { url: string; authorizationSet: boolean; events: string[] };
  incomingWebhook: { url: string; authorizationSet: boolean };
  keepPeriods: { retiredMessagesSec: number; retiredWebhooksSec: number };
  fromIdLoginAddresses: string[];
};
type ListRow = { name: string; addresses: string[]; messagesToday: number; storageUsed: number; loginDisabled: string };

const audit = async (action: string) => ((await admin.query("admin.audit.list", { filter: { action } })).data as AuditRows).rows;
const detail = async (name: string) => (await admin.query("admin.account.get", { name })).data as Detail;
const login = (address: string, password: string) => new Authenticator(db).account("192.0.2.1", address, password);

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_admacct");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db);
  admin = await adminClient(server);
  await createDomain(db, { name: "example.org", catchallSeparators: ["+"] });
  await createDomain(db, { name: "example.net" });
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

describe("admin accounts", () => {
  it("adds an account that can log in, and audits it with the password masked", async () => {
    const added = await admin.mutate("admin.account.add", { name: "alice", address: "Alice@example.org", password: "alice-password-1", fullName: "Alice A" });
    expect(added.status).toBe(200);
    expect(added.data).toEqual({ name: "alice", address: "alice@example.org" });
    expect(await login("alice@example.org", "alice-password-1")).toMatchObject({ ok: true });
    const [entry] = await audit("account.add");
    expect(entry).toMatchObject({ target: "alice", before: null, after: { name: "alice", fullName: "Alice A", address: "alice@example.org", password: MASKED } });
    expect(JSON.stringify(entry)).not.toContain("alice-password-1");

    const list = (await admin.query("admin.account.list", { filter: { search: "@example.org" } })).data as { rows: ListRow[]; total: number };
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ name: "alice", addresses: ["alice@example.org"], messagesToday: 0, storageUsed: 0, loginDisabled: "" });
  });

  it("gives field errors for an address of an unknown domain, a bad name and a taken name, and creates nothing", async () => {
    const unknown = await admin.mutate("admin.account.add", { name: "bob", address: "bob@elsewhere.example", password: "bob-password-1", fullName: "" });
    expect(unknown.error?.fieldErrors?.address?.[0]).toMatch(/elsewhere\.example does not exist/);
    const badName = await admin.mutate("admin.account.add", { name: "bad name!", address: "bob@example.org", password: "bob-password-1", fullName: "" });
    expect(badName.status).toBe(400);
    expect(badName.error?.fieldErrors?.name?.[0]).toMatch(/letters, digits/);
    const taken = await admin.mutate("admin.account.add", { name: "alice", address: "alice2@example.org", password: "bob-password-1", fullName: "" });
    expect(taken.status).toBe(409);
    expect(taken.error?.fieldErrors?.name?.[0]).toMatch(/already exists/);
    const short = await admin.mutate("admin.account.add", { name: "bob", address: "bob@example.org", password: "short", fullName: "" });
    expect(short.error?.fieldErrors?.password?.[0]).toMatch(/at least 8/);
    expect(await db.account.count({ where: { name: { in: ["bob", "bad name!"] } } })).toBe(0);
    expect(await db.address.count({ where: { localpart: { in: ["bob", "alice2"] } } })).toBe(0);
    expect((await audit("account.add")).length).toBe(1);
  });

  it("previews what a removal deletes with real counts, then removes it all in one go", async () => {
    const carol = await createAccount(db, { name: "carol", address: "carol@example.org", password: "carol-password" });
    await admin.mutate("admin.address.add", { account: "carol", address: "carol@example.net" });
    const inbox = await db.mailbox.findFirstOrThrow({ where: { accountId: carol.id, name: "Inbox" } });
    for (const uid of [1, 2, 3]) await db.message.create({ data: { accountId: carol.id, mailboxId: inbox.id, uid, size: 1000n } });
    await insertQueueMessage(db, { senderAccount: "carol" });
    await insertQueueMessage(db, { senderAccount: "carol" });
    await insertQueueMessage(db, { senderAccount: "alice" });
    await db.suppression.create({ data: { account: "carol", baseAddress: "x@example.com", originalAddress: "x@example.com", manual: true } });
    const mailboxes = await db.mailbox.count({ where: { accountId: carol.id } });

    const preview = await admin.query("admin.account.removePreview", { name: "carol" });
    expect(preview.data).toEqual({ addresses: ["carol@example.org", "carol@example.net"], messages: 3, mailboxes, queued: 2, suppressions: 1 });
    expect(((await admin.query("admin.account.list", { filter: { search: "carol" } })).data as { rows: ListRow[] }).rows[0]).toMatchObject({ storageUsed: 3000 });

    const removed = await admin.mutate("admin.account.remove", { name: "carol" });
    expect(removed.status).toBe(200);
    expect(await db.account.count({ where: { name: "carol" } })).toBe(0);
    expect(await db.message.count({ where: { accountId: carol.id } })).toBe(0);
    expect(await db.queueMessage.count({ where: { senderAccount: "carol" } })).toBe(0);
    expect(await db.queueMessage.count({ where: { senderAccount: "alice" } })).toBe(1);
    expect(await db.queueContent.count()).toBe(1);
    expect(await db.suppression.count({ where: { account: "carol" } })).toBe(0);
    expect(await db.address.count({ where: { accountId: carol.id } })).toBe(0);
    const [entry] = await audit("account.remove");
    expect(entry).toMatchObject({ target: "carol", before: { messages: 3, queued: 2, suppressions: 1 }, after: null });
    expect((await admin.query("admin.account.removePreview", { name: "carol" })).status).toBe(404);
  });

  it("disables login with a message and enables it again", async () => {
    expect((await admin.mutate("admin.account.loginDisable", { name: "alice", message: "" })).error?.fieldErrors?.message).toBeDefined();
    expect((await admin.mutate("admin.account.loginDisable", { name: "alice", message: "account under review" })).status).toBe(200);
    expect(await login("alice@example.org", "alice-password-1")).toEqual({ ok: false, reason: "loginDisabled", message: "account under review" });
    expect((await detail("alice")).loginDisabled).toBe("account under review");
    expect((await audit("account.loginDisable"))[0]).toMatchObject({ before: { loginDisabled: "" }, after: { loginDisabled: "account under review" } });
    await admin.mutate("admin.account.loginEnable", { name: "alice" });
    expect(await login("alice@example.org", "alice-password-1")).toMatchObject({ ok: true });
  });

  it("sets a password, audited with the password masked", async () => {
    expect((await admin.mutate("admin.account.passwordSet", { name: "alice", password: "alice-password-2" })).status).toBe(200);
    expect(await login("alice@example.org", "alice-password-2")).toMatchObject({ ok: true });
    expect(await login("alice@example.org", "alice-password-1")).toMatchObject({ ok: false, reason: "badCredentials" });
    const [entry] = await audit("account.password");
    expect(entry).toMatchObject({ target: "alice", before: { password: MASKED }, after: { password: MASKED } });
    expect(JSON.stringify(entry)).not.toContain("alice-password-2");
  });

  it("saves limits and shows them beside the last day's usage", async () => {
    const alice = await db.account.findUniqueOrThrow({ where: { name: "alice" } });
    const now = Date.now();
    const sent = (recipient: string, agoMs: number) => ({ accountId: alice.id, recipient, sent: new Date(now - agoMs) });
    // Three sends today to two recipients, one of whom was written to two days ago.
    await db.sendHistory.createMany({ data: [sent("old@example.com", 48 * HOUR), sent("old@example.com", HOUR), sent("new@example.com", 2 * HOUR), sent("new@example.com", 3 * HOUR)] });

    const bad = await admin.mutate("admin.account.limitsSet", { name: "alice", maxOutgoingMessagesPerDay: -1, maxFirstTimeRecipientsPerDay: 10, quota: "lots" });
    expect(Object.keys(bad.error?.fieldErrors ?? {}).sort()).toEqual(["maxOutgoingMessagesPerDay", "quota"]);
    const saved = await admin.mutate("admin.account.limitsSet", { name: "alice", maxOutgoingMessagesPerDay: 50, maxFirstTimeRecipientsPerDay: 10, quota: "1.5 GB" });
    expect(saved.status).toBe(200);
    const d = await detail("alice");
    expect(d.limits).toEqual({ maxOutgoingMessagesPerDay: 50, maxFirstTimeRecipientsPerDay: 10, quota: 1.5 * 2 ** 30 });
    expect(d.usage).toEqual({ messagesToday: 3, firstTimeRecipientsToday: 1, storageUsed: 0 });
    expect(((await admin.query("admin.account.list", { filter: { search: "alice" } })).data as { rows: ListRow[] }).rows[0]!.messagesToday).toBe(3);
    expect((await audit("account.limits"))[0]).toMatchObject({ before: { maxOutgoingMessagesPerDay: 1000, quotaMessageSize: "0" }, after: { maxOutgoingMessagesPerDay: 50, quotaMessageSize: String(1.5 * 2 ** 30) } });
  });

  it("refuses an unknown webhook event on the events field and changes nothing", async () => {
    const bad = await admin.mutate("admin.account.outgoingWebhookSet", { name: "alice", url: "https://hooks.example/out", authorization: SECRET, events: ["delivered", "bounced"] });
    expect(bad.status).toBe(400);
    expect(bad.error?.fieldErrors?.events?.[0]).toMatch(/unknown event/);
    const row = await db.account.findUniqueOrThrow({ where: { name: "alice" } });
    expect([row.outgoingWebhookUrl, row.outgoingWebhookAuthorization]).toEqual(["", ""]);
  });

  it("keeps the webhook Authorization write-only: set, kept, cleared, never in a response", async () => {
    expect((await admin.mutate("admin.account.outgoingWebhookSet", { name: "alice", url: "https://hooks.example/out", authorization: SECRET, events: ["failed"] })).status).toBe(200);
    expect((await admin.mutate("admin.account.incomingWebhookSet", { name: "alice", url: "https://hooks.example/in", authorization: SECRET })).status).toBe(200);
    expect((await detail("alice")).outgoingWebhook).toEqual({ url: "https://hooks.example/out", authorizationSet: true, events: ["failed"] });
    // Without an Authorization the stored one stays.
    await admin.mutate("admin.account.outgoingWebhookSet", { name: "alice", url: "https://hooks.example/out2", events: [] });
    expect((await db.account.findUniqueOrThrow({ where: { name: "alice" } })).outgoingWebhookAuthorization).toBe(SECRET);
    expect((await detail("alice")).outgoingWebhook).toEqual({ url: "https://hooks.example/out2", authorizationSet: true, events: [] });
    await admin.mutate("admin.account.incomingWebhookSet", { name: "alice", url: "https://hooks.example/in", authorization: "" });
    expect((await detail("alice")).incomingWebhook).toEqual({ url: "https://hooks.example/in", authorizationSet: false });
    expect((await audit("account.outgoingWebhook"))[0]).toMatchObject({ before: { authorization: MASKED, url: "https://hooks.example/out" }, after: { url: "https://hooks.example/out2" } });
    await audit("account.incomingWebhook");
    await admin.query("admin.account.list", { filter: {} });
    expect(admin.responses.length).toBeGreaterThan(10);
    expect(admin.responses.filter((r) => r.includes("very-secret-token"))).toEqual([]);
  });

  it("saves retirement periods as durations with units", async () => {
    const bad = await admin.mutate("admin.account.keepPeriodsSet", { name: "alice", retiredMessages: "3 days", retiredWebhooks: "" });
    expect(bad.error?.fieldErrors?.retiredMessages?.[0]).toMatch(/12h, 7d or 2w/);
    expect((await admin.mutate("admin.account.keepPeriodsSet", { name: "alice", retiredMessages: "1w2d", retiredWebhooks: "" })).status).toBe(200);
    expect((await detail("alice")).keepPeriods).toEqual({ retiredMessagesSec: 9 * 86400, retiredWebhooksSec: 0 });
  });

  it("accepts only the account's own addresses, separator variants included, as fromid login addresses", async () => {
    await createAccount(db, { name: "dave", address: "dave@example.org" });
    await admin.mutate("admin.address.add", { account: "alice", address: "alice@example.net" });
    for (const address of ["dave@example.org", "alice@unknown.example", "alice@example.net"]) {
      const refused = await admin.mutate("admin.account.fromIdAddressesSet", { name: "alice", fromIdLoginAddresses: ["alice+bounces@example.org", address] });
      expect(refused.status).toBe(400);
      expect(refused.error?.fieldErrors?.fromIdLoginAddresses?.[0]).toContain(address === "alice@example.net" ? "catchall separator" : address);
    }
    expect((await detail("alice")).fromIdLoginAddresses).toEqual([]);
    const saved = await admin.mutate("admin.account.fromIdAddressesSet", { name: "alice", fromIdLoginAddresses: ["alice+bounces@example.org", "Alice@example.org"] });
    expect(saved.status).toBe(200);
    expect((await detail("alice")).fromIdLoginAddresses).toEqual(["alice+bounces@example.org", "Alice@example.org"]);
  });

  it("pages through the list in either order, the cursor continuing after the last row", async () => {
    const names = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = (await admin.query("admin.account.list", { filter: {}, sort, limit: 1, cursor })).data as { rows: ListRow[]; next: string | null };
        seen.push(...page.rows.map((r) => r.name));
        cursor = page.next ?? undefined;
      } while (cursor);
      return seen;
    };
    expect(await names("name.desc")).toEqual(["dave", "alice"]);
    expect(await names("created.asc")).toEqual(["alice", "dave"]);
  });
});

describe("paused webhooks", () => {
  it("shows an account's pause and lets the admin resume it, audited", async () => {
    const name = "pauser";
    await admin.mutate("admin.account.add", { name, address: "pauser@example.org", password: "pauser-password", fullName: "" });
    await db.account.update({ where: { name }, data: { webhooksPausedAt: new Date(), webhookConsecutiveFailures: 12 } });
    const before = (await admin.query("admin.account.get", { name })).data as { webhookPause: { pausedAt: Date | null; after: number } };
    expect(before.webhookPause.pausedAt).not.toBeNull();
    expect(before.webhookPause.after).toBe(12);
    expect((await admin.mutate("admin.account.webhooksResume", { name })).data).toEqual({ count: 0 });
    expect(await db.account.findUniqueOrThrow({ where: { name } })).toMatchObject({ webhooksPausedAt: null, webhookConsecutiveFailures: 0 });
    expect(await db.auditEntry.findFirst({ where: { action: "account.webhooksResume", target: name } })).toMatchObject({ surface: "admin" });
  });
});

describe("durations and sizes as typed", () => {
  it("parses and formats keep periods and quotas so that they read back the same", () => {
    expect([parsePeriod(""), parsePeriod("0"), parsePeriod("1w 2d"), parsePeriod("90m"), parsePeriod("3 days")]).toEqual([0, 0, 9 * 86400, 5400, undefined]);
    expect([formatPeriod(0), formatPeriod(93600), formatPeriod(9 * 86400)]).toEqual(["", "1d2h", "1w2d"]);
    expect([parseSize(""), parseSize("0"), parseSize("500 MB"), parseSize("1.5gb"), parseSize("2048"), parseSize("lots")]).toEqual([0, 0, 500 * 2 ** 20, 1.5 * 2 ** 30, 2048, undefined]);
    for (const bytes of [0, 1536 * 2 ** 20, 1000, 2 ** 40]) expect(parseSize(formatSize(bytes))).toBe(bytes);
  });
});
