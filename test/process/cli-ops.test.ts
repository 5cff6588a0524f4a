// Acceptance (issue 19, 1 and 2): every ops command of the CLI against a running localserve, each checked in
// the database and in its --json output, each exiting promptly after its output; bad arguments give one line
// and exit 2. And localserve's first Send comes out DKIM-signed with the key `domain dns` publishes.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, type Db } from "../../server/db/client";
import { withDatabase } from "../../server/db/url";
import { adminDatabaseUrl, redisPrefix, redisUrl, unique } from "../helpers/env";
import { createDatabase, dropDatabase } from "../helpers/pg";
import { EXIT_AFTER_OUTPUT_MS, runMailroom, startLocalserve, type Running } from "../helpers/process";
import { startSink, type Sink } from "../helpers/smtp-sink";
import { basic, post } from "../helpers/webapi";
import { until } from "../helpers/wait";

const dbName = unique("mailroom_cliops").toLowerCase();
const LONG = 240_000;
let localserve: Running;
let env: NodeJS.ProcessEnv;
let webPort: number;
let workdir: string;
let db: Db;
const timings: { args: string[]; ms: number }[] = [];

beforeAll(async () => {
  await createDatabase(adminDatabaseUrl(), dbName);
  workdir = await mkdtemp(path.join(os.tmpdir(), "mailroom-cliops-"));
  const databaseUrl = withDatabase(adminDatabaseUrl(), dbName);
  ({ running: localserve, env, webPort } = await startLocalserve({
    databaseUrl,
    redisUrl: redisUrl(),
    redisPrefix: `${redisPrefix()}-cliops`,
    dataDir: path.join(workdir, "data"),
    // The workers look at the queue again only when asked: a released message goes out because the CLI asked.
    extra: { MAILROOM_RECONCILE_SECONDS: "3600" },
  }));
  db = createDb(databaseUrl, 2);
});

afterAll(async () => {
  await localserve?.stop();
  if (db) await closeDb(db);
  await dropDatabase(adminDatabaseUrl(), dbName);
  await rm(workdir, { recursive: true, force: true });
  const slowest = [...timings].sort((a, b) => b.ms - a.ms)[0];
  if (slowest) console.log(`${timings.length} commands; slowest ${Math.round(slowest.ms)} ms: mailroom ${slowest.args.join(" ")}; median ${Math.round(timings.map((t) => t.ms).sort((a, b) => a - b)[timings.length >> 1]!)} ms`);
});

// A command that succeeds, exiting as soon as it has printed.
async function cli(...args: string[]): Promise<string> {
  const r = await runMailroom(args, env);
  timings.push({ args, ms: r.ms });
  expect(r, `mailroom ${args.join(" ")}: ${r.stderr}`).toMatchObject({ code: 0, stderr: "" });
  expect(r.lingerMs, args.join(" ")).toBeLessThan(EXIT_AFTER_OUTPUT_MS);
  return r.stdout;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (...args: string[]): Promise<any> => JSON.parse(await cli("--json", ...args));

async function send(subject: string, to = "mox@localhost"): Promise<number> {
  const request = JSON.stringify({ To: [{ Address: to }], Subject: subject, Text: "hi" });
  const r = await post(`http://127.0.0.1:${webPort}/webapi/v0/Send`, {
    auth: basic("mox@localhost", "moxmoxmox"),
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ request }).toString(),
  });
  expect(r.status, r.body.toString()).toBe(200);
  return (r.json() as { Submissions: { QueueMsgID: number }[] }).Submissions[0]!.QueueMsgID;
}

const inboxMessage = (subject: string) =>
  db.message.findFirst({ where: { subject, mailbox: { name: "Inbox" }, account: { name: "mox" } }, select: { id: true } });

const queued = (id: number) => db.queueMessage.findUniqueOrThrow({ where: { id: BigInt(id) } });
const retired = (id: number) => db.retiredMessage.findUnique({ where: { id: BigInt(id) } });

describe("localserve's DKIM key", () => {
  it("signs the first Send, and the signature verifies against the record domain dns prints", { timeout: LONG }, async () => {
    const subject = unique("signed");
    await send(subject);
    const stored = await until(() => inboxMessage(subject), 20_000, "the message in mox's Inbox");
    const raw = await post(`http://127.0.0.1:${webPort}/webapi/v0/MessageRawGet`, {
      auth: basic("mox@localhost", "moxmoxmox"),
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ request: JSON.stringify({ MsgID: Number(stored.id) }) }).toString(),
    });
    expect(raw.status).toBe(200);
    expect(raw.body.toString()).toMatch(/^DKIM-Signature: /m);

    const records: { kind: string; name: string; value: string; selector?: string }[] = await json("domain", "dns", "localhost");
    const dkim = records.filter((r) => r.kind === "dkim");
    expect(dkim).toHaveLength(1);
    expect(dkim[0]!.value).toMatch(/^v=DKIM1; k=ed25519; p=/);
    const zone = await cli("domain", "dns", "localhost");
    expect(zone).toContain(`${dkim[0]!.name}. IN TXT   "${dkim[0]!.value}"`);

    // DNS as the record says, and nothing else.
    const resolver = async (name: string, type: string) => {
      const found = records.find((r) => r.name === name && type === "TXT");
      if (!found) throw Object.assign(new Error(`no record for ${name}`), { code: "ENOTFOUND" });
      return [[found.value]];
    };
    const { results } = await dkimVerify(raw.body, { resolver });
    expect(results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([["localhost", dkim[0]!.selector, "pass"]]);
  });
});

describe("mailroom queue and holdrule", () => {
  it("holds, lists, reschedules, changes, releases (delivering at once), fails and drops messages, each audited", { timeout: LONG }, async () => {
    const rule = await json("holdrule", "add", "--account", "mox");
    expect(rule).toMatchObject({ account: "mox", senderDomainStr: "", recipientDomainStr: "" });
    expect(await db.holdRule.findMany({ select: { id: true, account: true } })).toEqual([{ id: rule.id, account: "mox" }]);
    expect(await json("holdrule", "list")).toMatchObject([{ id: rule.id, account: "mox" }]);
    expect(await cli("holdrule", "list")).toBe(`${rule.id}\taccount mox\tfrom *\tto *\n`);

    const [a, b, c] = [await send(unique("a")), await send(unique("b")), await send(unique("c"))];
    const listed = await json("queue", "list", "--account", "mox");
    expect(listed.map((m: { id: number; hold: boolean }) => [m.id, m.hold]).sort()).toEqual([a, b, c].map((id) => [id, true]).sort());
    expect((await cli("queue", "list", "--hold", "true")).trim().split("\n")).toHaveLength(3);
    expect(await cli("queue", "list", "--hold", "false")).toBe("no messages queued\n");
    expect(await json("queue", "list", "--id", String(a), "--submitted", "<-1h")).toEqual([]);
    expect(await json("queue", "list", "--to", "mox@", "--next-attempt", "<1m", "--limit", "1")).toHaveLength(1);

    const before = Date.now();
    expect(await json("queue", "schedule", "60", "--id", String(a))).toEqual({ count: 1 });
    expect((await queued(a)).nextAttempt.getTime()).toBeGreaterThanOrEqual(before + 59 * 60_000);
    expect(await json("queue", "schedule", "--add", "--id", String(a), "--", "-30")).toEqual({ count: 1 });
    expect((await queued(a)).nextAttempt.getTime()).toBeLessThan(before + 31 * 60_000);
    expect(await cli("queue", "schedule", "0", "--id", String(a))).toBe("1 message rescheduled\n");

    expect(await json("queue", "requiretls", "yes", "--id", String(a))).toEqual({ count: 1 });
    expect((await queued(a)).requireTls).toBe(true);
    expect(await json("queue", "requiretls", "default", "--id", String(a))).toEqual({ count: 1 });
    expect((await queued(a)).requireTls).toBe(null);
    await cli("transport", "add", "parking", "fail", "--smtp-code", "451");
    expect(await json("queue", "transport", "parking", "--id", String(a))).toEqual({ count: 1 });
    expect((await queued(a)).transport).toBe("parking");
    expect(await json("queue", "list", "--transport", "parking")).toMatchObject([{ id: a }]);
    expect(await json("queue", "transport", "", "--id", String(a))).toEqual({ count: 1 });
    expect((await queued(a)).transport).toBe("");

    // Due and released: delivered now, though the workers' own look at the queue is an hour away.
    expect(await cli("queue", "release", "--id", String(a))).toBe("1 message released\n");
    expect(await until(() => retired(a), 20_000, "the released message delivered")).toMatchObject({ success: true });

    expect(await json("queue", "fail", "--id", String(b))).toEqual({ count: 1 });
    expect(await retired(b)).toMatchObject({ success: false });
    expect(await until(() => db.message.findFirst({ where: { dsn: true, mailbox: { name: "Inbox" } } }), 10_000, "the failure DSN")).toBeTruthy();
    expect(await cli("queue", "drop", "--id", String(c))).toBe("1 message dropped\n");
    expect(await retired(c)).toMatchObject({ success: false });
    // Without a filter, only with --all (a bare `queue drop` is refused among the bad arguments below).
    await send(unique("d"));
    await send(unique("e"));
    expect(await json("queue", "drop", "--all")).toEqual({ count: 2 });
    expect(await db.queueMessage.count()).toBe(0);

    const gone = await json("queue", "retired", "--account", "mox");
    expect(Object.fromEntries(gone.filter((m: { id: number }) => [a, b, c].includes(m.id)).map((m: { id: number; success: boolean }) => [m.id, m.success]))).toEqual({ [a]: true, [b]: false, [c]: false });
    const failed = (await cli("queue", "retired", "--success", "false", "--id", String(b), "--id", String(c))).trim().split("\n");
    expect(failed.map((l) => l.split("\t")[0]).sort()).toEqual([String(b), String(c)].sort());
    expect(failed.join("\n")).toContain("delivery canceled by admin");

    expect(await json("holdrule", "remove", String(rule.id))).toEqual({ id: rule.id });
    expect(await db.holdRule.count()).toBe(0);
    expect(await cli("holdrule", "list")).toBe("no hold rules\n");

    const audit = await db.auditEntry.findMany({ where: { surface: "cli" }, orderBy: { id: "asc" }, select: { action: true, target: true } });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(["holdRule.add", "queue.schedule", "queue.requireTlsSet", "queue.transportSet", "queue.holdSet", "queue.fail", "queue.drop", "holdRule.remove"]),
    );
    expect(audit).toContainEqual({ action: "queue.fail", target: `messages ${b}` });
  });
});

describe("mailroom transport and route", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink?.close());

  it("adds, tests, lists and removes transports, and adds, moves and removes routes", { timeout: LONG }, async () => {
    const relay = await json("transport", "add", "relay", "smtp", "--host", "127.0.0.1", "--port", String(sink.port), "--username", "u", "--password", "secret-pass", "--mechanism", "PLAIN");
    expect(relay).toMatchObject({ name: "relay", kind: "smtp", settings: { host: "127.0.0.1", port: sink.port, auth: { username: "u", passwordSet: true, mechanisms: ["PLAIN"] } } });
    expect(JSON.stringify(relay)).not.toContain("secret-pass");
    expect(await db.transport.findUniqueOrThrow({ where: { name: "relay" } })).toMatchObject({ kind: "smtp", settings: { host: "127.0.0.1", port: sink.port } });
    await cli("transport", "add", "plain", "smtp", "--host", "127.0.0.1", "--port", String(sink.port));
    await cli("transport", "add", "sideways", "socks", "--address", "127.0.0.1:1080", "--remote-hostname", "mail.example.org", "--remote-ip", "127.0.0.1");
    await cli("transport", "add", "v6", "direct", "--disable-ipv4");
    expect((await db.transport.findUniqueOrThrow({ where: { name: "v6" } })).settings).toEqual({ disableIpv4: true, disableIpv6: false });

    const tested = await json("transport", "test", "plain");
    expect(tested).toMatchObject({ ok: true, authMechanism: null });
    expect(tested.steps.map((s: { step: string }) => s.step)).toEqual(["connect", "greeting", "tls", "ehlo", "auth", "quit"]);
    expect(sink.connections).toBeGreaterThan(0);
    expect(sink.transactions).toEqual([]);
    const listed = await json("transport", "list");
    expect(listed.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(["parking", "plain", "relay", "sideways", "v6"]));
    expect(await cli("transport", "list")).toContain(`relay\tsmtp\t127.0.0.1:${sink.port} as u\troutes 0\tqueued 0`);

    const first = await json("route", "add", "--transport", "relay", "--domain", "localhost", "--to-domain", ".example.com", "--minimum-attempts", "2");
    expect(first).toMatchObject({ position: 1, toDomains: [".example.com"], minimumAttempts: 2, transport: "relay" });
    const g1 = await json("route", "add", "--transport", "plain");
    const g2 = await json("route", "add", "--transport", "v6", "--from-domain", "localhost");
    const accountRoute = await json("route", "add", "--transport", "plain", "--account", "mox");
    expect([g1.position, g2.position, accountRoute.position]).toEqual([1, 2, 1]);
    expect(await db.route.findUniqueOrThrow({ where: { id: first.id }, include: { domain: true } })).toMatchObject({ minimumAttempts: 2, domain: { name: "localhost" } });

    expect(await json("route", "move", String(g2.id), "1")).toMatchObject({ id: g2.id, position: 1 });
    expect((await db.route.findMany({ where: { accountId: null, domainId: null }, orderBy: { position: "asc" } })).map((r) => r.id)).toEqual([g2.id, g1.id]);
    const routes = await json("route", "list");
    expect(routes.map((r: { id: number; scope: string; position: number }) => [r.id, r.scope, r.position])).toEqual([
      [accountRoute.id, "account mox", 1],
      [first.id, "domain localhost", 1],
      [g2.id, "global", 1],
      [g1.id, "global", 2],
    ]);
    expect(await cli("route", "list")).toContain(`${first.id}\tdomain localhost\tposition 1\tfrom *\tto .example.com\tattempts >= 2\trelay (smtp)`);

    for (const r of [first, g1, g2, accountRoute]) expect(await json("route", "remove", String(r.id))).toEqual({ id: r.id });
    expect(await db.route.count()).toBe(0);
    expect(await cli("route", "list")).toBe("no routes: direct delivery for everything\n");
    for (const name of ["relay", "plain", "sideways", "v6", "parking"]) await cli("transport", "remove", name);
    expect(await db.transport.count()).toBe(0);
    expect(await cli("transport", "list")).toBe("no transports\n");
  });
});

describe("mailroom dkim, suppression and account limits", () => {
  it("generates, switches and removes DKIM keys", { timeout: LONG }, async () => {
    const [first] = await json("dkim", "list", "localhost");
    expect(first).toMatchObject({ algorithm: "ed25519", sign: true });
    const key = await json("dkim", "generate", "localhost", "--algorithm", "rsa", "--selector", "second");
    expect(key).toMatchObject({ selector: "second", algorithm: "rsa", sign: false });
    const stored = () => db.dkimKey.findFirst({ where: { selector: "second", domain: { name: "localhost" } } });
    expect(await stored()).toMatchObject({ algorithm: "rsa", sign: false });
    expect(await cli("domain", "dns", "localhost")).toContain("second._domainkey.localhost.");
    expect(await json("dkim", "sign", "localhost", "second", "on")).toMatchObject({ selector: "second", sign: true });
    expect(await stored()).toMatchObject({ sign: true });
    expect(await cli("dkim", "sign", "localhost", "second", "off")).toBe("key second of localhost no longer signs\n");
    expect(await stored()).toMatchObject({ sign: false });
    expect(await cli("dkim", "list", "localhost")).toMatch(new RegExp(`^${first.selector}\\ted25519\\tsigns\\t.*\\nsecond\\trsa\\tdoes not sign\\t`));
    expect(await json("dkim", "remove", "localhost", "second")).toEqual({ domain: "localhost", selector: "second" });
    expect(await stored()).toBeNull();
    expect(await db.auditEntry.count({ where: { surface: "cli", action: { startsWith: "dkim." } } })).toBe(4);
  });

  it("adds, lists and removes suppressions of an account", { timeout: LONG }, async () => {
    const added = await json("suppression", "add", "mox", "Bounces+x@example.org", "--reason", "asked to be removed");
    expect(added).toMatchObject({ account: "mox", baseAddress: "bounces@example.org", manual: true, reason: "asked to be removed" });
    expect(await db.suppression.findMany({ where: { account: "mox" }, select: { baseAddress: true } })).toEqual([{ baseAddress: "bounces@example.org" }]);
    expect(await json("suppression", "list", "mox")).toMatchObject([{ id: added.id, originalAddress: "Bounces+x@example.org" }]);
    expect(await cli("suppression", "list", "mox", "--search", "bounces")).toMatch(new RegExp(`^${added.id}\\tBounces\\+x@example.org\\tmanual\\tasked to be removed\\t`));
    expect(await json("suppression", "remove", "mox", "bounces@example.org")).toEqual({ account: "mox", address: "bounces@example.org" });
    expect(await db.suppression.count({ where: { account: "mox" } })).toBe(0);
    expect(await cli("suppression", "list", "mox")).toBe("no suppressions for mox\n");
  });

  it("shows and sets an account's send limits", { timeout: LONG }, async () => {
    const shown = await json("account", "limits", "mox");
    expect(shown).toMatchObject({ account: "mox", limits: { maxOutgoingMessagesPerDay: 1000, maxFirstTimeRecipientsPerDay: 200, quota: 0 } });
    expect(shown.usage.messagesToday).toBeGreaterThanOrEqual(4);
    const set = await json("account", "limits", "mox", "--max-outgoing-messages-per-day", "500", "--quota", "1 GB");
    expect(set.limits).toEqual({ maxOutgoingMessagesPerDay: 500, maxFirstTimeRecipientsPerDay: 200, quota: 2 ** 30 });
    expect(await db.account.findUniqueOrThrow({ where: { name: "mox" } })).toMatchObject({ maxOutgoingMessagesPerDay: 500, maxFirstTimeRecipientsPerDay: 200, quotaMessageSize: BigInt(2 ** 30) });
    expect(await cli("account", "limits", "mox", "--max-first-time-recipients-per-day", "20")).toMatch(/^max-outgoing-messages-per-day\t500\t\d+ sent in the last 24 hours\nmax-first-time-recipients-per-day\t20\t/);
    expect(await db.auditEntry.count({ where: { surface: "cli", action: "account.limits" } })).toBe(2);
  });
});

describe("mailroom webhook", () => {
  it("audits its queue operations like the admin page's", { timeout: LONG }, async () => {
    expect(await json("webhook", "schedule", "5", "--account", "mox")).toEqual({ count: 0 });
    expect(await json("webhook", "cancel", "--account", "mox")).toEqual({ count: 0 });
    const audit = await db.auditEntry.findMany({ where: { surface: "cli", action: { startsWith: "hook." } }, orderBy: { id: "asc" }, select: { action: true, target: true } });
    expect(audit).toEqual([
      { action: "hook.schedule", target: "webhooks matching a filter" },
      { action: "hook.cancel", target: "webhooks matching a filter" },
    ]);
  });
});

describe("bad arguments", () => {
  const bad: string[][] = [
    ["queue", "frobnicate"],
    ["queue", "list", "--hold", "maybe"],
    ["queue", "hold", "--submitted", "yesterday"],
    ["queue", "schedule", "soon"],
    ["queue", "requiretls", "perhaps"],
    ["queue", "release", "--id", "x"],
    ["queue", "drop"],
    ["queue", "fail"],
    ["holdrule", "add", "--sender-domain", "not a domain"],
    ["holdrule", "remove", "first"],
    ["transport", "add", "t1", "pigeon"],
    ["transport", "add", "t2", "smtp", "--port", "99999", "--host", "h"],
    ["transport", "remove", "bad name!"],
    ["route", "add"],
    ["route", "add", "--transport", "x", "--domain", "a", "--account", "b"],
    ["route", "move", "1", "0"],
    ["dkim", "generate", "localhost", "--algorithm", "dsa"],
    ["dkim", "sign", "localhost", "sel", "maybe"],
    ["dkim", "remove", "localhost"],
    ["domain", "dns"],
    ["suppression", "add", "mox", "not-an-address"],
    ["suppression", "list"],
    ["account", "limits", "mox", "--quota", "lots"],
    ["account", "limits", "mox", "--max-outgoing-messages-per-day", "1.5"],
  ];
  it("gives one line on stderr and exit 2 for each", { timeout: LONG }, async () => {
    for (const args of bad) {
      const r = await runMailroom(args, env);
      timings.push({ args, ms: r.ms });
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: "" });
      expect(r.stderr, args.join(" ")).toMatch(/^mailroom: [^\n]+\n$/);
    }
  });

  it("shows each noun's commands with --help", { timeout: LONG }, async () => {
    for (const noun of ["queue", "holdrule", "transport", "route", "dkim", "domain", "suppression", "account"]) {
      expect(await cli(noun, "--help")).toMatch(new RegExp(`^usage: mailroom ${noun} \\.\\.\\.\\n(  ${noun} .*\\n)+`));
    }
  });
});
