// The account's own pages' procedures over real HTTP and PostgreSQL: the profile with addresses and usage, the
// full name and password changes (audited as the user, the current password required), retention periods and
// fromid login addresses by the admin page's rules, and that a session only ever reaches its own account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASKED } from "../../server/audit/audit-log";
import { Authenticator } from "../../server/auth/authenticate";
import { createDb, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { accountClient, adminClient, trpcCall, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let alice: SessionClient;

const HOUR = 3600_000;
const PASSWORD = "alice-password-1";

type Profile = {
  name: string;
  fullName: string;
  addresses: string[];
  limits: { maxOutgoingMessagesPerDay: number; maxFirstTimeRecipientsPerDay: number; quota: number };
  usage: { messagesToday: number; firstTimeRecipientsToday: number; storageUsed: number };
};

const profile = async (client = alice) => (await client.query("account.profile.get")).data as Profile;
const accountRow = (name: string) => db.account.findUniqueOrThrow({ where: { name } });
const lastAudit = (action: string) => db.auditEntry.findFirst({ where: { action }, orderBy: { id: "desc" } });

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_acctprof");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db);
  await createDomain(db, { name: "example.org", catchallSeparators: ["+"] });
  await createDomain(db, { name: "example.net" });
  const net = await db.domain.findUniqueOrThrow({ where: { name: "example.net" } });
  const a = await createAccount(db, { name: "alice", address: "alice@example.org", password: PASSWORD, fullName: "Alice" });
  // The catchall of example.net, which has no separator: fromid examples cannot use it.
  await db.address.create({ data: { accountId: a.id, domainId: net.id, localpart: "" } });
  await db.account.update({ where: { id: a.id }, data: { maxOutgoingMessagesPerDay: 50, maxFirstTimeRecipientsPerDay: 10, quotaMessageSize: 2n ** 30n } });
  await createAccount(db, { name: "bob", address: "bob@example.org", password: "bob-password-1", fullName: "Bob" });
  alice = await accountClient(server, "alice@example.org", PASSWORD);
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

describe("account profile", () => {
  it("shows the account's own addresses, catchall included, and its usage against its limits", async () => {
    const a = await accountRow("alice");
    const now = Date.now();
    const sent = (recipient: string, agoMs: number) => ({ accountId: a.id, recipient, sent: new Date(now - agoMs) });
    // Two sends today to two recipients, one of whom was written to two days ago.
    await db.sendHistory.createMany({ data: [sent("old@example.com", 48 * HOUR), sent("old@example.com", HOUR), sent("new@example.com", 2 * HOUR)] });
    expect(await profile()).toEqual({
      name: "alice",
      fullName: "Alice",
      addresses: ["alice@example.org", "@example.net"],
      limits: { maxOutgoingMessagesPerDay: 50, maxFirstTimeRecipientsPerDay: 10, quota: 2 ** 30 },
      usage: { messagesToday: 2, firstTimeRecipientsToday: 1, storageUsed: 0 },
    });
  });

  it("saves the full name, audited as the user", async () => {
    const saved = await alice.mutate("account.profile.fullNameSet", { fullName: "  Alice Smith " });
    expect(saved.status).toBe(200);
    expect((await profile()).fullName).toBe("Alice Smith");
    expect(await lastAudit("account.fullName")).toMatchObject({ surface: "account", actor: "alice@example.org", target: "alice", before: { fullName: "Alice" }, after: { fullName: "Alice Smith" } });
  });

  it("refuses a wrong current password on its field and changes nothing; the right one sets the new password", async () => {
    const before = (await db.credential.findUniqueOrThrow({ where: { accountId: (await accountRow("alice")).id } })).passwordHash;
    const wrong = await alice.mutate("account.profile.passwordChange", { currentPassword: "not-my-password", newPassword: "alice-password-2" });
    expect(wrong.status).toBe(400);
    expect(wrong.error?.fieldErrors?.currentPassword?.[0]).toMatch(/not your current password/);
    const short = await alice.mutate("account.profile.passwordChange", { currentPassword: PASSWORD, newPassword: "short" });
    expect(short.error?.fieldErrors?.newPassword?.[0]).toMatch(/at least 8/);
    expect((await db.credential.findUniqueOrThrow({ where: { accountId: (await accountRow("alice")).id } })).passwordHash).toBe(before);

    const other = await accountClient(server, "alice@example.org", PASSWORD);
    const changed = await alice.mutate("account.profile.passwordChange", { currentPassword: PASSWORD, newPassword: "alice-password-2" });
    expect(changed.status).toBe(200);
    expect((await trpcCall(server.url, "account.session.login", "mutation", { address: "alice@example.org", password: "alice-password-2" }, { ip: "10.77.0.1" })).status).toBe(200);
    // The web server reuses a recent successful login for a few seconds; a fresh verifier sees the change.
    expect(await new Authenticator(db).account("192.0.2.1", "alice@example.org", PASSWORD)).toEqual({ ok: false, reason: "badCredentials" });
    // The session that changed it stays; another one of the account ends.
    expect((await alice.query("account.session.get")).status).toBe(200);
    expect((await other.query("account.session.get")).error?.code).toBe("UNAUTHORIZED");
    const entry = await lastAudit("account.password");
    expect(entry).toMatchObject({ surface: "account", actor: "alice@example.org", target: "alice", before: { password: MASKED }, after: { password: MASKED } });
    expect(JSON.stringify([entry?.before, entry?.after])).not.toContain("alice-password");
  });
});

describe("account retention", () => {
  it("stores durations with units in seconds", async () => {
    const saved = await alice.mutate("account.retention.set", { retiredMessages: "2d", retiredWebhooks: "1w" });
    expect(saved.status).toBe(200);
    expect((await alice.query("account.retention.get")).data).toEqual({ retiredMessagesSec: 172800, retiredWebhooksSec: 604800 });
    expect(await lastAudit("account.keepPeriods")).toMatchObject({ surface: "account", target: "alice", after: { keepRetiredMessagePeriodSec: 172800, keepRetiredWebhookPeriodSec: 604800 } });
  });

  it("refuses a bad duration on its field and changes nothing; empty is 0", async () => {
    const bad = await alice.mutate("account.retention.set", { retiredMessages: "5x", retiredWebhooks: "" });
    expect(bad.status).toBe(400);
    expect(bad.error?.fieldErrors?.retiredMessages?.[0]).toMatch(/units s, m, h, d, w/);
    expect((await alice.query("account.retention.get")).data).toEqual({ retiredMessagesSec: 172800, retiredWebhooksSec: 604800 });
    await alice.mutate("account.retention.set", { retiredMessages: "", retiredWebhooks: "1w" });
    expect((await alice.query("account.retention.get")).data).toEqual({ retiredMessagesSec: 0, retiredWebhooksSec: 604800 });
  });
});

describe("account fromid login addresses", () => {
  it("gives an example from the account's own addresses", async () => {
    expect((await alice.query("account.fromid.get")).data).toEqual({
      fromIdLoginAddresses: [],
      example: { login: "alice+bounces@example.org", mailFrom: "alice+<fromid>@example.org" },
    });
  });

  it("accepts the account's own + variant and refuses another account's address on the field, saving nothing", async () => {
    const refused = await alice.mutate("account.fromid.set", { fromIdLoginAddresses: ["alice+bounces@example.org", "bob@example.org"] });
    expect(refused.status).toBe(400);
    expect(refused.error?.fieldErrors?.fromIdLoginAddresses?.[0]).toContain("bob@example.org");
    expect((await accountRow("alice")).fromIdLoginAddresses).toEqual([]);
    const saved = await alice.mutate("account.fromid.set", { fromIdLoginAddresses: ["alice+bounces@example.org"] });
    expect(saved.status).toBe(200);
    expect(((await alice.query("account.fromid.get")).data as { fromIdLoginAddresses: string[] }).fromIdLoginAddresses).toEqual(["alice+bounces@example.org"]);
    expect(await lastAudit("account.fromIdLoginAddresses")).toMatchObject({ surface: "account", actor: "alice@example.org", target: "alice" });
  });
});

describe("who may call the account's own procedures", () => {
  const calls: [string, "query" | "mutation", unknown][] = [
    ["account.profile.get", "query", undefined],
    ["account.profile.fullNameSet", "mutation", { fullName: "X" }],
    ["account.profile.passwordChange", "mutation", { currentPassword: "x", newPassword: "long-enough-1" }],
    ["account.retention.get", "query", undefined],
    ["account.retention.set", "mutation", { retiredMessages: "1d", retiredWebhooks: "" }],
    ["account.fromid.get", "query", undefined],
    ["account.fromid.set", "mutation", { fromIdLoginAddresses: [] }],
  ];

  it("refuses an admin session", async () => {
    const admin = await adminClient(server);
    for (const [path, type, input] of calls) {
      const r = type === "query" ? await admin.query(path, input) : await admin.mutate(path, input);
      expect({ path, code: r.error?.code }).toEqual({ path, code: "UNAUTHORIZED" });
    }
  });

  it("changes only the caller's own account, whatever account the input names", async () => {
    const bobBefore = await accountRow("bob");
    for (const [path, type, input] of calls.filter(([, type]) => type === "mutation")) {
      const r = await alice.mutate(path, { ...(input as object), name: "bob" });
      expect({ path, type, status: r.status }).toEqual({ path, type, status: 400 });
    }
    const bob = await accountClient(server, "bob@example.org", "bob-password-1");
    expect((await profile(bob)).addresses).toEqual(["bob@example.org"]);
    await bob.mutate("account.profile.fullNameSet", { fullName: "Robert" });
    expect((await accountRow("bob")).fullName).toBe("Robert");
    expect((await accountRow("alice")).fullName).toBe("Alice Smith");
    expect(await accountRow("bob")).toMatchObject({ keepRetiredMessagePeriodSec: bobBefore.keepRetiredMessagePeriodSec, fromIdLoginAddresses: [] });
  });
});
