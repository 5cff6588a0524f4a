// Transports and routes from the admin pages, over real HTTP and PostgreSQL: the relay password is write-only
// (never in a response, masked in the audit log, kept when an edit leaves it empty); bad input gets a field
// error and changes nothing; the connection test talks to a loopback SMTP server and sends nothing; routes are
// ordered without gaps, and the tester picks account, then domain, then global routes as delivery does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { insertQueueMessage } from "../helpers/queue-rows";
import { startSink, type Sink } from "../helpers/smtp-sink";
import { selfSignedCert } from "../helpers/tls-cert";
import { adminClient, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let admin: SessionClient;
let sink: Sink;

const SECRET = "relay-secret-Xq7";

type Step = { step: string; status: string; detail: string };
type TestResult = { ok: boolean; summary: string; steps: Step[]; greeting: string; extensions: string[]; authMechanism: string | null };
type RouteGroup = { scope: { key: string; kind: string; label: string }; routes: { id: number; position: number; transport: string; toDomains: string[] }[] };
type Tested = { matched: { id: number; scope: { key: string }; position: number; transport: string } | null; considered: { id: number; matched: boolean; reasons: string[] }[]; summary: string; senderAccount: string | null };

const submission = (extra: object = {}) => ({
  kind: "submission",
  name: "relay",
  host: "127.0.0.1",
  port: sink.port,
  starttlsInsecureSkipVerify: true,
  noStarttls: false,
  username: "relayuser",
  password: "",
  clearPassword: false,
  mechanisms: ["PLAIN"],
  ...extra,
});
const storedSettings = async (name: string) => (await db.transport.findUniqueOrThrow({ where: { name } })).settings as { port: number; auth?: { password: string } };
const stepOf = (r: TestResult, step: string) => r.steps.find((s) => s.step === step);
const groups = async () => (await admin.query("admin.route.list")).data as RouteGroup[];
const positions = async (key: string) => ((await groups()).find((g) => g.scope.key === key)?.routes ?? []).map((r) => [r.id, r.position]);
const tester = async (sender: string, recipient: string, attempt = 1) => {
  const res = await admin.query("admin.route.test", { sender, recipient, attempt });
  expect(res.status).toBe(200);
  return res.data as Tested;
};
const addRoute = async (input: object) => {
  const res = await admin.mutate("admin.route.add", { fromDomains: [], toDomains: [], minimumAttempts: 0, ...input });
  expect(res.status, JSON.stringify(res.error)).toBe(200);
  return res.data as { id: number; position: number };
};

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_admroutes");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db);
  admin = await adminClient(server);
  sink = await startSink({ users: { relayuser: SECRET }, tls: selfSignedCert() });
  await createDomain(db, { name: "example.org", catchallSeparators: ["+"] });
  await createDomain(db, { name: "other.example" });
  await createAccount(db, { name: "alice", address: "alice@example.org", password: "alice-password" });
  await createAccount(db, { name: "bob", address: "bob@example.org", password: "bob-password" });
});
afterAll(async () => {
  await sink?.close();
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

describe("transports", () => {
  it("adds a submission transport with a password that no response contains and the audit log masks", async () => {
    const added = await admin.mutate("admin.transport.add", submission({ password: SECRET }));
    expect(added.status).toBe(200);
    expect(added.data).toMatchObject({ name: "relay", kind: "submission", settings: { port: sink.port, auth: { username: "relayuser", mechanisms: ["PLAIN"], passwordSet: true } } });
    expect((await storedSettings("relay")).auth?.password).toBe(SECRET);
    const listed = await admin.query("admin.transport.list");
    expect(listed.data).toMatchObject([{ name: "relay", routes: 0, queued: 0 }]);
    expect((await admin.query("admin.transport.get", { name: "relay" })).status).toBe(200);
    expect(admin.responses.join("\n")).not.toContain(SECRET);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "transport.add" } });
    expect(JSON.stringify([entry.before, entry.after])).not.toContain(SECRET);
    expect(entry.after).toMatchObject({ kind: "submission", settings: { auth: { username: "relayuser", password: "•••• (set)" } } });
  });

  it("keeps the stored password when an edit leaves it empty, and clears it only when asked", async () => {
    const updated = await admin.mutate("admin.transport.update", submission({ mechanisms: ["PLAIN", "LOGIN"] }));
    expect(updated.status).toBe(200);
    expect(updated.data).toMatchObject({ settings: { auth: { mechanisms: ["PLAIN", "LOGIN"], passwordSet: true } } });
    expect((await storedSettings("relay")).auth?.password).toBe(SECRET);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "transport.update" }, orderBy: { id: "desc" } });
    expect(JSON.stringify([entry.before, entry.after])).not.toContain(SECRET);
    expect(admin.responses.join("\n")).not.toContain(SECRET);

    await db.transport.create({ data: { name: "scratch", kind: "smtp", settings: { host: "127.0.0.1", auth: { username: "u", password: "p" } } } });
    const cleared = await admin.mutate("admin.transport.update", submission({ name: "scratch", kind: "smtp", username: "u", clearPassword: true }));
    expect(cleared.data).toMatchObject({ settings: { auth: { passwordSet: false } } });
    expect((await storedSettings("scratch")).auth?.password).toBe("");
  });

  it("refuses port 0 with an error on the port field and changes nothing", async () => {
    const before = await storedSettings("relay");
    const audits = await db.auditEntry.count();
    const res = await admin.mutate("admin.transport.update", submission({ port: 0, password: "other" }));
    expect(res.status).toBe(400);
    expect(res.error?.fieldErrors?.port?.[0]).toMatch(/port/);
    expect(await storedSettings("relay")).toEqual(before);
    expect(await db.auditEntry.count()).toBe(audits);
    const added = await admin.mutate("admin.transport.add", submission({ name: "zero", port: 0 }));
    expect(added.error?.fieldErrors?.port).toBeDefined();
    expect(await db.transport.count({ where: { name: "zero" } })).toBe(0);
  });

  it("refuses a duplicate name on the name field", async () => {
    const res = await admin.mutate("admin.transport.add", submission({ password: "x" }));
    expect(res.status).toBe(409);
    expect(res.error?.fieldErrors?.name?.[0]).toMatch(/exists/);
  });

  it("tests the connection: greeting, STARTTLS, AUTH accepted, QUIT, no message", async () => {
    const res = await admin.mutate("admin.transport.test", { name: "relay" });
    expect(res.status).toBe(200);
    const r = res.data as TestResult;
    expect(r.ok, r.summary).toBe(true);
    expect(r.greeting).toMatch(/^220 /);
    expect(stepOf(r, "tls")).toMatchObject({ status: "ok" });
    expect(stepOf(r, "tls")?.detail).toMatch(/STARTTLS/);
    expect(r.extensions.some((e) => /^AUTH /.test(e))).toBe(true);
    expect(r.authMechanism).toBe("PLAIN");
    expect(stepOf(r, "auth")).toMatchObject({ status: "ok" });
    expect(stepOf(r, "quit")).toMatchObject({ status: "ok" });
    expect(sink.transactions).toHaveLength(0);
    expect(admin.responses.join("\n")).not.toContain(SECRET);
  });

  it("reports AUTH refused with a wrong password, and a certificate that does not verify", async () => {
    await admin.mutate("admin.transport.add", submission({ name: "wrong", password: "not-the-password" }));
    const wrong = (await admin.mutate("admin.transport.test", { name: "wrong" })).data as TestResult;
    expect(wrong.ok).toBe(false);
    expect(stepOf(wrong, "auth")).toMatchObject({ status: "failed" });
    expect(stepOf(wrong, "auth")?.detail).toMatch(/refused.*535/);

    await admin.mutate("admin.transport.add", submission({ name: "verified", starttlsInsecureSkipVerify: false, password: SECRET }));
    const verified = (await admin.mutate("admin.transport.test", { name: "verified" })).data as TestResult;
    expect(verified.ok).toBe(false);
    expect(stepOf(verified, "tls")).toMatchObject({ status: "failed" });
    expect(stepOf(verified, "tls")?.detail).toMatch(/certificate/);
    expect(stepOf(verified, "auth")).toBeUndefined();
  });

  it("tests implicit TLS (submissions) the same way", async () => {
    const tlsSink = await startSink({ users: { relayuser: SECRET }, tls: selfSignedCert(), secure: true });
    try {
      await admin.mutate("admin.transport.add", submission({ name: "implicit", kind: "submissions", port: tlsSink.port, password: SECRET }));
      const r = (await admin.mutate("admin.transport.test", { name: "implicit" })).data as TestResult;
      expect(r.ok, r.summary).toBe(true);
      expect(r.steps.map((s) => s.step)).toEqual(["connect", "tls", "greeting", "ehlo", "auth", "quit"]);
      expect(stepOf(r, "tls")?.detail).toMatch(/implicit TLS, certificate not verified/);
      expect(tlsSink.transactions).toHaveLength(0);
    } finally {
      await tlsSink.close();
    }
  });

  it("explains direct and fail transports instead of connecting", async () => {
    await admin.mutate("admin.transport.add", { kind: "direct", name: "v4only", disableIpv4: false, disableIpv6: true });
    const direct = (await admin.mutate("admin.transport.test", { name: "v4only" })).data as TestResult;
    expect(direct.summary).toMatch(/MX hosts.*IPv4 only/);
    const fail = await admin.mutate("admin.transport.add", { kind: "fail", name: "blackhole", smtpCode: 554, smtpMessage: "not from here" });
    expect(fail.status).toBe(200);
    const failed = (await admin.mutate("admin.transport.test", { name: "blackhole" })).data as TestResult;
    expect(failed.summary).toMatch(/554 "not from here".*permanently/);
  });
});

describe("routes", () => {
  it("routes To example.com over the fail transport; other domains go direct", async () => {
    await addRoute({ scope: "global", toDomains: ["Example.com"], transport: "blackhole" });
    const hit = await tester("alice@example.org", "x@example.com");
    expect(hit.matched).toMatchObject({ scope: { key: "global" }, position: 1, transport: "blackhole" });
    expect(hit.senderAccount).toBe("alice");
    const miss = await tester("alice@example.org", "x@example.net");
    expect(miss.matched).toBeNull();
    expect(miss.summary).toMatch(/direct delivery/);
    expect(miss.considered[0]!.reasons[0]).toMatch(/example\.net is not among the To domains example\.com/);
  });

  it("picks account routes over domain routes over global ones", async () => {
    const domainRoute = await addRoute({ scope: "domain:example.org", toDomains: [".example.com"], transport: "relay" });
    expect((await tester("bob@example.org", "x@sub.example.com")).matched).toMatchObject({ id: domainRoute.id, scope: { key: "domain:example.org" } });
    const accountRoute = await addRoute({ scope: "account:alice", transport: "v4only" });
    const alice = await tester("alice+tag@example.org", "x@example.com");
    expect(alice.matched).toMatchObject({ id: accountRoute.id, scope: { key: "account:alice" } });
    expect(alice.considered).toHaveLength(1);
    expect((await tester("bob@example.org", "x@example.com")).matched?.id).toBe(domainRoute.id);
    expect((await tester("someone@other.example", "x@example.com")).matched?.scope.key).toBe("global");
    expect((await groups()).map((g) => g.scope.kind)).toEqual(["account", "domain", "global"]);
  });

  it("respects minimum attempts", async () => {
    const later = await addRoute({ scope: "domain:other.example", minimumAttempts: 2, transport: "relay" });
    const first = await tester("x@other.example", "y@example.net", 1);
    expect(first.matched).toBeNull();
    expect(first.considered.find((c) => c.id === later.id)?.reasons[0]).toMatch(/from attempt 3/);
    expect((await tester("x@other.example", "y@example.net", 2)).matched).toBeNull();
    expect((await tester("x@other.example", "y@example.net", 3)).matched?.id).toBe(later.id);
  });

  it("keeps positions contiguous when adding, moving and removing", async () => {
    const a = await addRoute({ scope: "global", toDomains: ["a.example"], transport: "relay" });
    const b = await addRoute({ scope: "global", toDomains: ["b.example"], transport: "relay" });
    const [first] = (await positions("global")).map(([id]) => id);
    expect(await positions("global")).toEqual([[first, 1], [a.id, 2], [b.id, 3]]);
    expect((await admin.mutate("admin.route.move", { id: b.id, position: 1 })).status).toBe(200);
    expect(await positions("global")).toEqual([[b.id, 1], [first, 2], [a.id, 3]]);
    await admin.mutate("admin.route.move", { id: b.id, position: 99 });
    expect(await positions("global")).toEqual([[first, 1], [a.id, 2], [b.id, 3]]);
    expect((await admin.mutate("admin.route.remove", { id: a.id })).status).toBe(200);
    expect(await positions("global")).toEqual([[first, 1], [b.id, 2]]);
    expect(await db.auditEntry.count({ where: { action: { in: ["route.add", "route.move", "route.remove"] } } })).toBeGreaterThanOrEqual(6);
  });

  it("refuses to remove a transport while a route uses it", async () => {
    const res = await admin.mutate("admin.transport.remove", { name: "blackhole" });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/used by 1 route/);
    expect(await db.transport.count({ where: { name: "blackhole" } })).toBe(1);
    expect((await admin.mutate("admin.transport.remove", { name: "scratch" })).status).toBe(200);
    expect(await db.transport.count({ where: { name: "scratch" } })).toBe(0);
  });

  it("refuses to remove a transport that queued messages name, and counts them in the list", async () => {
    const id = await insertQueueMessage(db, { transport: "implicit" });
    expect(((await admin.query("admin.transport.get", { name: "implicit" })).data as { queued: number }).queued).toBe(1);
    const res = await admin.mutate("admin.transport.remove", { name: "implicit" });
    expect(res.status).toBe(400);
    expect(res.error?.message).toMatch(/1 queued message names transport implicit.*cannot find transport/);
    await db.queueMessage.delete({ where: { id } });
    expect((await admin.mutate("admin.transport.remove", { name: "implicit" })).status).toBe(200);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "transport.remove", target: "transport implicit" } });
    expect(JSON.stringify(entry.before)).not.toContain(SECRET);
  });

  it("gives field errors for an unknown scope account, a bad domain entry and an unknown transport", async () => {
    const before = await db.route.count();
    const account = await admin.mutate("admin.route.add", { scope: "account:nobody", fromDomains: [], toDomains: [], minimumAttempts: 0, transport: "relay" });
    expect(account.status).toBe(400);
    expect(account.error?.fieldErrors?.scope?.[0]).toMatch(/nobody/);
    const entry = await admin.mutate("admin.route.add", { scope: "global", fromDomains: [], toDomains: ["not a domain"], minimumAttempts: 0, transport: "relay" });
    expect(entry.error?.fieldErrors?.toDomains).toBeDefined();
    const transport = await admin.mutate("admin.route.add", { scope: "global", fromDomains: [], toDomains: [], minimumAttempts: 0, transport: "nope" });
    expect(transport.error?.fieldErrors?.transport?.[0]).toMatch(/nope/);
    expect(await db.route.count()).toBe(before);
  });

  it("lists the scopes a route can have", async () => {
    expect((await admin.query("admin.route.scopes")).data).toEqual({ accounts: ["alice", "bob"], domains: [{ name: "example.org", unicodeName: "example.org" }, { name: "other.example", unicodeName: "other.example" }] });
  });
});
