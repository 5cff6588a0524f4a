// The domain pages' procedures over real HTTP: domains (add, settings, disable, remove), DKIM keys (generate,
// sign, rotate, remove), the DNS records to publish and the DNS check, through a records file the test edits.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { dkimSignatureHeaders } from "../../server/dkim/sign";
import type { Verdict } from "../../server/dns/check";
import { fileResolver } from "../../server/dns/file-resolver";
import type { DnsRecord } from "../../server/dns/records";
import { createAccount } from "../../server/provision/account";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { adminClient, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let admin: SessionClient;
let dir: string;
let recordsFile: string;

type Table = { txt?: Record<string, string[][]>; mx?: Record<string, { exchange: string; priority: number }[]>; a?: Record<string, string[]> };
const publish = (table: Table) => writeFile(recordsFile, JSON.stringify(table));

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_admdom");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  dir = await mkdtemp(path.join(tmpdir(), "mailroom-dns-"));
  recordsFile = path.join(dir, "records.json");
  server = await startTrpc(db, { resolver: fileResolver(recordsFile) });
  admin = await adminClient(server);
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
  await drop?.();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const addDomain = async (name: string, catchallSeparators = "") => {
  const r = await admin.mutate("admin.domain.add", { name, catchallSeparators, localpartCaseSensitive: false });
  expect(r.error).toBeUndefined();
  return r;
};
const records = async (domain: string) => (await admin.query("admin.domain.records", { domain })).data as { records: DnsRecord[]; zone: string };
const verdicts = async (domain: string) => ((await admin.query("admin.domain.checkDns", { domain })).data as { verdicts: Verdict[] }).verdicts;
const rotation = async (domain: string) => (await admin.query("admin.dkim.rotation", { domain })).data as { step: number; action: string; selector?: string; text: string };

describe("domains", () => {
  it("adds a domain with a catchall separator and records it in the audit log", async () => {
    const r = await addDomain("Add.Example", "+");
    expect(r.data).toMatchObject({ name: "add.example", catchallSeparators: ["+"], addressCount: 0, dkimKeyCount: 0 });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "domain.add", target: "add.example" } });
    expect(entry).toMatchObject({ surface: "admin", actor: "admin", before: null });
    expect(entry.after).toEqual({ name: "add.example", catchallSeparators: ["+"], localpartCaseSensitive: false, disabledReason: "" });
    const list = (await admin.query("admin.domain.list")).data as { name: string }[];
    expect(list.map((d) => d.name)).toContain("add.example");
  });

  it("refuses a name with spaces on the name field, and creates nothing", async () => {
    const before = await db.domain.count();
    const r = await admin.mutate("admin.domain.add", { name: "bad name.example", catchallSeparators: "", localpartCaseSensitive: false });
    expect(r.status).toBe(400);
    expect(r.error?.fieldErrors?.name?.[0]).toMatch(/domain name/);
    expect(await db.domain.count()).toBe(before);
  });

  it("puts a duplicate and an invalid label on the name field too", async () => {
    await addDomain("dup.example");
    const dup = await admin.mutate("admin.domain.add", { name: "DUP.example", catchallSeparators: "", localpartCaseSensitive: false });
    expect(dup.status).toBe(409);
    expect(dup.error?.fieldErrors?.name?.[0]).toMatch(/already exists/);
    const label = await admin.mutate("admin.domain.add", { name: "-x.example", catchallSeparators: "", localpartCaseSensitive: false });
    expect(label.status).toBe(400);
    expect(label.error?.fieldErrors?.name).toBeDefined();
  });

  it("changes separators and case sensitivity, audited before and after", async () => {
    await addDomain("settings.example", "+");
    const r = await admin.mutate("admin.domain.update", { domain: "settings.example", catchallSeparators: "+ -", localpartCaseSensitive: true });
    expect(r.status).toBe(200);
    const d = await db.domain.findUniqueOrThrow({ where: { name: "settings.example" } });
    expect(d).toMatchObject({ localpartCatchallSeparators: ["+", "-"], localpartCaseSensitive: true });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "domain.update", target: "settings.example" } });
    expect(entry.before).toMatchObject({ catchallSeparators: ["+"], localpartCaseSensitive: false });
    expect(entry.after).toMatchObject({ catchallSeparators: ["+", "-"], localpartCaseSensitive: true });
  });

  it("disables a domain with a reason (Send then answers domainDisabled) and enables it again", async () => {
    await addDomain("disabled.example");
    const empty = await admin.mutate("admin.domain.disable", { domain: "disabled.example", reason: " " });
    expect(empty.error?.fieldErrors?.reason).toBeDefined();
    expect((await admin.mutate("admin.domain.disable", { domain: "disabled.example", reason: "abuse report" })).status).toBe(200);
    expect((await db.domain.findUniqueOrThrow({ where: { name: "disabled.example" } })).disabledReason).toBe("abuse report");
    expect(await db.auditEntry.count({ where: { action: "domain.disable", target: "disabled.example" } })).toBe(1);
    expect((await admin.mutate("admin.domain.enable", { domain: "disabled.example" })).status).toBe(200);
    expect((await db.domain.findUniqueOrThrow({ where: { name: "disabled.example" } })).disabledReason).toBe("");
  });

  it("refuses to remove a domain while an account has an address there, naming the account", async () => {
    await addDomain("busy.example");
    await createAccount(db, { name: "busyacct", address: "someone@busy.example" });
    const r = await admin.mutate("admin.domain.remove", { domain: "busy.example" });
    expect(r.status).toBe(400);
    expect(r.error?.message).toMatch(/busy\.example still has 1 address of account busyacct/);
    expect(await db.domain.count({ where: { name: "busy.example" } })).toBe(1);

    const detail = (await admin.query("admin.domain.get", { domain: "busy.example" })).data as { addresses: { address: string; account: string }[] };
    expect(detail.addresses).toEqual([expect.objectContaining({ address: "someone@busy.example", account: "busyacct", catchall: false })]);
    expect((await admin.query("admin.account.names")).data).toContain("busyacct");
  });

  it("removes a domain without addresses, with its keys, audited", async () => {
    await addDomain("gone.example");
    await admin.mutate("admin.dkim.generate", { domain: "gone.example", selector: "", algorithm: "ed25519" });
    expect((await admin.mutate("admin.domain.remove", { domain: "gone.example" })).status).toBe(200);
    expect(await db.domain.count({ where: { name: "gone.example" } })).toBe(0);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "domain.remove", target: "gone.example" } });
    expect(entry.after).toBeNull();
    expect(entry.before).toMatchObject({ name: "gone.example", dkimSelectors: [expect.stringMatching(/^\d{8}a$/)] });
    expect((await admin.query("admin.domain.get", { domain: "gone.example" })).status).toBe(404);
  });
});

describe("dkim keys", () => {
  const message = (domain: string) =>
    Buffer.from(`From: a@${domain}\r\nTo: b@remote.example\r\nSubject: hi\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\nMessage-ID: <m@${domain}>\r\n\r\nbody\r\n`);

  it("generates ed25519 and rsa keys whose published record verifies their signatures", async () => {
    await addDomain("keys.example");
    const ed = await admin.mutate("admin.dkim.generate", { domain: "keys.example", selector: "ed1", algorithm: "ed25519" });
    const rsa = await admin.mutate("admin.dkim.generate", { domain: "keys.example", selector: "RSA1", algorithm: "rsa" });
    expect(ed.data).toMatchObject({ selector: "ed1", algorithm: "ed25519", sign: true });
    // The second key waits for the rotation's switch.
    expect(rsa.data).toMatchObject({ selector: "rsa1", algorithm: "rsa", sign: false });
    expect(await db.auditEntry.count({ where: { action: "dkim.generate", target: { endsWith: "._domainkey.keys.example" } } })).toBe(2);

    const { records: published, zone } = await records("keys.example");
    const txt = Object.fromEntries(published.filter((r) => r.kind === "dkim").map((r) => [r.name, r.value]));
    expect(Object.keys(txt).sort()).toEqual(["ed1._domainkey.keys.example", "rsa1._domainkey.keys.example"]);
    // The rsa record is longer than one TXT string: the zone block splits it.
    expect(zone).toMatch(/^rsa1\._domainkey\.keys\.example\.\s+IN TXT\s+"v=DKIM1; k=rsa; p=[^"]{200,}" "[^"]+"/m);

    const resolver = async (name: string, type: string) => {
      if (type !== "TXT" || !txt[name]) throw Object.assign(new Error(`no ${name}`), { code: "ENOTFOUND" });
      return [[txt[name]]];
    };
    const rows = await db.dkimKey.findMany({ where: { domain: { name: "keys.example" } }, orderBy: { id: "asc" } });
    const raw = message("keys.example");
    const headers = await dkimSignatureHeaders(
      raw,
      "keys.example",
      rows.map((k) => ({ selector: k.selector, algorithm: k.algorithm as "rsa" | "ed25519", privateKeyPem: k.privateKeyPem, hash: k.hash, headers: k.headers })),
    );
    const { results } = await dkimVerify(Buffer.concat([Buffer.from(headers), raw]), { resolver });
    expect(results.map((r) => [r.selector, r.status.result])).toEqual([
      ["ed1", "pass"],
      ["rsa1", "pass"],
    ]);
  });

  it("refuses a selector with dots on the selector field, and a taken one", async () => {
    await addDomain("sel.example");
    const before = await db.dkimKey.count();
    const dots = await admin.mutate("admin.dkim.generate", { domain: "sel.example", selector: "a.b", algorithm: "ed25519" });
    expect(dots.status).toBe(400);
    expect(dots.error?.fieldErrors?.selector?.[0]).toMatch(/no dots/);
    expect(await db.dkimKey.count()).toBe(before);
    await admin.mutate("admin.dkim.generate", { domain: "sel.example", selector: "s1", algorithm: "ed25519" });
    const taken = await admin.mutate("admin.dkim.generate", { domain: "sel.example", selector: "s1", algorithm: "rsa" });
    expect(taken.status).toBe(409);
    expect(taken.error?.fieldErrors?.selector?.[0]).toMatch(/already has a key with selector s1/);
  });

  it("proposes a dated selector, and takes it when the selector is left empty", async () => {
    await addDomain("propose.example");
    const proposed = ((await admin.query("admin.dkim.proposeSelector", { domain: "propose.example" })).data as { selector: string }).selector;
    expect(proposed).toMatch(/^\d{8}a$/);
    const made = await admin.mutate("admin.dkim.generate", { domain: "propose.example", selector: "", algorithm: "ed25519" });
    expect((made.data as { selector: string }).selector).toBe(proposed);
    const next = ((await admin.query("admin.dkim.proposeSelector", { domain: "propose.example" })).data as { selector: string }).selector;
    expect(next).toBe(proposed.replace(/a$/, "b"));
  });

  it("turns signing off and on", async () => {
    await addDomain("sign.example");
    await admin.mutate("admin.dkim.generate", { domain: "sign.example", selector: "s1", algorithm: "ed25519" });
    const sign = async () => (await db.dkimKey.findFirstOrThrow({ where: { selector: "s1", domain: { name: "sign.example" } } })).sign;
    expect((await admin.mutate("admin.dkim.signSet", { domain: "sign.example", selector: "s1", sign: false })).status).toBe(200);
    expect(await sign()).toBe(false);
    expect((await admin.mutate("admin.dkim.signSet", { domain: "sign.example", selector: "s1", sign: true })).status).toBe(200);
    expect(await sign()).toBe(true);
    const off = await db.auditEntry.findFirstOrThrow({ where: { action: "dkim.sign.off", target: "s1._domainkey.sign.example" } });
    expect([off.before, off.after]).toEqual([
      { selector: "s1", algorithm: "ed25519", sign: true },
      { selector: "s1", algorithm: "ed25519", sign: false },
    ]);
    const missing = await admin.mutate("admin.dkim.signSet", { domain: "sign.example", selector: "nope", sign: true });
    expect(missing.status).toBe(404);
  });

  it("guides a rotation: publish the new selector, switch signing, retire the old", async () => {
    await addDomain("rotate.example");
    expect(await rotation("rotate.example")).toMatchObject({ step: 1, action: "generate" });
    await admin.mutate("admin.dkim.generate", { domain: "rotate.example", selector: "old", algorithm: "ed25519" });
    const dkimTxt = async () => Object.fromEntries((await records("rotate.example")).records.filter((r) => r.kind === "dkim").map((r) => [r.name, [[r.value]]]));
    expect(await rotation("rotate.example")).toMatchObject({ step: 2, action: "publish", selector: "old" });
    await publish({ txt: await dkimTxt() });
    expect(await rotation("rotate.example")).toMatchObject({ step: 0, action: "rotate" });

    await admin.mutate("admin.dkim.generate", { domain: "rotate.example", selector: "new", algorithm: "ed25519" });
    const publishStep = await rotation("rotate.example");
    expect(publishStep).toMatchObject({ step: 2, action: "publish", selector: "new" });
    expect(publishStep.text).toMatch(/old keeps signing/);
    await publish({ txt: await dkimTxt() });
    expect(await rotation("rotate.example")).toMatchObject({ step: 3, action: "switch", selector: "new" });

    expect((await admin.mutate("admin.dkim.switchSigning", { domain: "rotate.example", selector: "new" })).status).toBe(200);
    const keys = await db.dkimKey.findMany({ where: { domain: { name: "rotate.example" } }, orderBy: { id: "asc" } });
    expect(keys.map((k) => [k.selector, k.sign])).toEqual([
      ["old", false],
      ["new", true],
    ]);
    expect(await rotation("rotate.example")).toMatchObject({ step: 4, action: "retire", selector: "old" });
    expect((await admin.mutate("admin.dkim.remove", { domain: "rotate.example", selector: "old" })).status).toBe(200);
    expect(await rotation("rotate.example")).toMatchObject({ step: 0, action: "rotate" });
    expect(await db.auditEntry.count({ where: { action: "dkim.remove", target: "old._domainkey.rotate.example" } })).toBe(1);
  });
});

describe("dns check", () => {
  it("says per record what is right and what is wrong", async () => {
    await addDomain("check.example");
    await admin.mutate("admin.dkim.generate", { domain: "check.example", selector: "c1", algorithm: "rsa" });
    const dkim = (await records("check.example")).records.find((r) => r.id === "dkim:c1")!;
    // As a browser test does: the copied value, in one string.
    await publish({ txt: { [dkim.name]: [[dkim.value]] }, mx: { "check.example": [{ exchange: "mail.test", priority: 10 }] } });
    const first = Object.fromEntries((await verdicts("check.example")).map((v) => [v.id, v]));
    expect(first.spf).toMatchObject({ status: "missing", message: "No SPF record at check.example: publish the TXT above." });
    expect(first["dkim:c1"]).toMatchObject({ status: "ok", message: "DKIM record for selector c1 matches the key." });
    expect(first.mx).toMatchObject({ status: "ok" });
    expect(first.dmarc).toMatchObject({ status: "missing" });

    await publish({ txt: { "check.example": [["v=spf1 a -all"]], [dkim.name]: [["v=DKIM1; k=rsa; p=AAAA"]] } });
    const second = Object.fromEntries((await verdicts("check.example")).map((v) => [v.id, v]));
    expect(second.spf).toMatchObject({ status: "wrong", message: expect.stringMatching(/^SPF record found but does not allow this server \(mx missing\)/) });
    expect(second["dkim:c1"]).toMatchObject({ status: "wrong", message: expect.stringMatching(/^DKIM record for c1 has a different public key/) });
    expect(second.mx).toMatchObject({ status: "missing" });
  });

  it("never sends a private key to the browser", async () => {
    const keys = await db.dkimKey.findMany();
    expect(keys.length).toBeGreaterThan(0);
    const all = admin.responses.join("\n");
    expect(all).not.toMatch(/PRIVATE KEY/);
    for (const k of keys) expect(all).not.toContain(k.privateKeyPem.split("\n")[1]);
  });
});
