// A user's own suppression list over real HTTP and PostgreSQL: add (a duplicate is a field error and adds
// nothing), remove, CSV export (formula-safe) and import (added, existing, invalid rows), and no way to see
// or remove another account's entries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, sqlPool, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { suppressAfterFailure } from "../../server/suppression/automatic";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { accountClient, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let alice: SessionClient;
let bob: SessionClient;

type Row = { id: number; originalAddress: string; baseAddress: string; manual: boolean; reason: string; source: string; queueMsgId: string; smtpCode: number; smtpEnhancedCode: string };
type ListResult = { rows: Row[]; total: number; next: number | null };
type ImportResult = { added: number; existing: number; invalid: { line: number; text: string; reason: string }[] };

const list = async (client: SessionClient, filter: object = {}) => (await client.query("account.suppression.list", { filter, limit: 500 })).data as ListResult;
const exported = async (client: SessionClient) => ((await client.query("account.suppression.export")).data as { csv: string; filename: string });
const importCsv = async (client: SessionClient, csv: string) => client.mutate("account.suppression.import", { csv });

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_accsupp");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db);
  await createDomain(db, { name: "example.org", catchallSeparators: ["+"] });
  await createAccount(db, { name: "alice", address: "alice@example.org", password: "alice-password" });
  await createAccount(db, { name: "bob", address: "bob@example.org", password: "bob-password" });
  alice = await accountClient(server, "alice@example.org", "alice-password");
  bob = await accountClient(server, "bob@example.org", "bob-password");
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

describe("account suppressions", () => {
  it("adds a manual entry, audited as the user; a duplicate is a field error on the address and adds nothing", async () => {
    const added = await alice.mutate("account.suppression.add", { address: "Some.One+news@Example.org", reason: "asked us to stop" });
    expect(added.status).toBe(200);
    expect(added.data).toMatchObject({ baseAddress: "someone@example.org" });
    expect((await list(alice)).rows).toMatchObject([{ originalAddress: "Some.One+news@example.org", baseAddress: "someone@example.org", manual: true, reason: "asked us to stop" }]);
    const duplicate = await alice.mutate("account.suppression.add", { address: "someone@example.org", reason: "" });
    expect(duplicate.status).toBe(400);
    expect(duplicate.error?.fieldErrors?.address?.[0]).toMatch(/already on the suppression list/);
    const bad = await alice.mutate("account.suppression.add", { address: "not an address", reason: "" });
    expect(bad.error?.fieldErrors?.address?.[0]).toMatch(/address/);
    expect((await list(alice)).total).toBe(1);
    const entry = await db.auditEntry.findFirst({ where: { action: "suppression.add" }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ surface: "account", actor: "alice@example.org", target: "alice: someone@example.org" });
  });

  it("never lists another account's entries, and cannot remove them", async () => {
    await bob.mutate("account.suppression.add", { address: "bobs-contact@example.net", reason: "" });
    const bobs = (await list(bob)).rows;
    expect(bobs.map((r) => r.baseAddress)).toEqual(["bobs@example.net"]);
    expect((await list(alice)).rows.map((r) => r.baseAddress)).not.toContain("bobs@example.net");
    expect((await list(alice, { search: "bobs" })).total).toBe(0);
    const removed = await alice.mutate("account.suppression.remove", { id: bobs[0]!.id });
    expect(removed.status).toBe(404);
    expect((await list(bob)).total).toBe(1);
    expect((await exported(alice)).csv).not.toContain("bobs");
  });

  it("removes an own entry, audited with what it was", async () => {
    const { rows } = await list(bob);
    expect((await bob.mutate("account.suppression.remove", { id: rows[0]!.id })).status).toBe(200);
    expect((await list(bob)).total).toBe(0);
    expect((await bob.mutate("account.suppression.remove", { id: rows[0]!.id })).status).toBe(404);
    const entry = await db.auditEntry.findFirst({ where: { action: "suppression.remove" }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ surface: "account", actor: "bob@example.org", target: "bob: bobs@example.net" });
  });

  it("says why an automatic entry exists: the codes and the message", async () => {
    const recipient = { localpart: "unknown", domain: { ascii: "example.net", unicode: "example.net" } };
    await suppressAfterFailure(sqlPool(db), { account: "alice", recipient, code: 550, secode: "1.1", source: "queue", messageId: 4242n, attempt: 3 });
    const [row] = (await list(alice, { kind: "automatic" })).rows;
    expect(row).toMatchObject({ baseAddress: "unknown@example.net", manual: false, source: "queue", queueMsgId: "4242", smtpCode: 550, smtpEnhancedCode: "5.1.1" });
    expect(row).not.toHaveProperty("account");
  });

  it("exports CSV with formula cells quoted, and the export imports back unchanged", async () => {
    await alice.mutate("account.suppression.add", { address: "formula@example.net", reason: "=cmd()" });
    await alice.mutate("account.suppression.add", { address: "quotes@example.net", reason: `+1, "quoted", @sum` });
    const { csv, filename } = await exported(alice);
    expect(filename).toBe("suppressions-alice.csv");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("address,base address,manual,reason,created");
    expect(lines.find((l) => l.startsWith("formula@"))).toMatch(/^formula@example\.net,formula@example\.net,yes,'=cmd\(\),\d{4}-/);
    expect(lines.find((l) => l.startsWith("quotes@"))).toContain(`,"'+1, ""quoted"", @sum",`);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);

    const before = (await list(alice)).rows.map(({ id: _id, ...r }) => r);
    await db.suppression.deleteMany({ where: { account: "alice" } });
    const res = await importCsv(alice, csv);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ added: before.length, existing: 0, invalid: [] });
    const after = (await list(alice)).rows.map(({ id: _id, ...r }) => r);
    // Imported entries are manual and lose what caused an automatic one; address and reason come back.
    const key = (r: { originalAddress: string; reason: string }) => `${r.originalAddress} ${r.reason}`;
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
    expect(after.every((r) => r.manual)).toBe(true);
    expect(after.find((r) => r.baseAddress === "formula@example.net")?.reason).toBe("=cmd()");
  });

  it("imports address[,reason] rows without a header and reports added, existing and invalid rows in one audit entry", async () => {
    const csv = ["new.one@example.com,from a list", "formula@example.net", "", "not an address,x", "a@b.example,too,many", "new.one+x@example.com", `"'-dash@example.com","quoted, reason"`].join("\n");
    const res = await importCsv(alice, csv);
    expect(res.status).toBe(200);
    const report = res.data as ImportResult;
    expect(report).toMatchObject({ added: 2, existing: 2 });
    expect(report.invalid.map((r) => r.line)).toEqual([4, 5]);
    expect(report.invalid[1]!.reason).toMatch(/expected address\[,reason\]/);
    const rows = (await list(alice)).rows;
    expect(rows.find((r) => r.baseAddress === "newone@example.com")).toMatchObject({ originalAddress: "new.one@example.com", reason: "from a list", manual: true });
    expect(rows.find((r) => r.originalAddress === "-dash@example.com")).toMatchObject({ reason: "quoted, reason" });
    const entry = await db.auditEntry.findFirst({ where: { action: "suppression.import" }, orderBy: { id: "desc" } });
    expect(entry).toMatchObject({ surface: "account", actor: "alice@example.org", target: "alice: 2 addresses from CSV" });
  });

  it("refuses an empty or oversized file and more than 10,000 rows, adding nothing", async () => {
    const total = (await list(alice)).total;
    expect((await importCsv(alice, "")).error?.fieldErrors?.csv?.[0]).toMatch(/empty/);
    expect((await importCsv(alice, "x".repeat(1_000_001))).error?.fieldErrors?.csv?.[0]).toMatch(/1 MB/);
    const many = Array.from({ length: 10_001 }, (_, i) => `r${i}@example.com`).join("\n");
    const res = await importCsv(alice, many);
    expect(res.status).toBe(400);
    expect(res.error?.fieldErrors?.csv?.[0]).toMatch(/at most 10000/);
    expect((await list(alice)).total).toBe(total);
  });
});
