// `mailroom apikey list|add|revoke` as ops run it: the key printed once (only its hash stored), --json for
// scripts, bad arguments in one line with exit 2, every change audited as the CLI's without the secret.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../../server/api-key/key";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { databaseUrl, testDb, unique } from "../helpers/env";
import { baseEnv, EXIT_AFTER_OUTPUT_MS, runMailroom } from "../helpers/process";

const db = testDb();
const env = () => baseEnv({ DATABASE_URL: databaseUrl() });
let account: string;
let domain: string;

beforeAll(async () => {
  domain = `${unique("key")}.example`.toLowerCase();
  account = unique("keys");
  await createDomain(db, { name: domain });
  await createAccount(db, { name: account, address: `ops@${domain}`, password: "a long password" });
});
afterAll(() => db.$disconnect());

const mailroom = async (...args: string[]) => {
  const r = await runMailroom(["apikey", ...args], env());
  expect(r.lingerMs, args.join(" ")).toBeLessThan(EXIT_AFTER_OUTPUT_MS);
  return r;
};

describe("mailroom apikey", () => {
  it("adds a key printed once, lists it without the secret, and revokes it, each audited", async () => {
    const added = await mailroom("add", account, "billing app", "--scope", "suppressions", "--scope", "send", "--from-domain", domain.toUpperCase(), "--json");
    expect(added).toMatchObject({ code: 0, stderr: "" });
    const made = JSON.parse(added.stdout) as { id: number; name: string; prefix: string; scopes: string[]; domains: string[]; secret: string };
    expect(made).toMatchObject({ name: "billing app", scopes: ["send", "suppressions"], domains: [domain] });
    expect(made.secret).toMatch(new RegExp(`^mrk_${made.prefix}_[A-Za-z0-9_-]{43}$`));
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: made.id } });
    expect(row.keyHash).toBe(hashApiKey(made.secret));
    expect(JSON.stringify(row)).not.toContain(made.secret.slice(18));

    const text = await mailroom("list", account);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^billing app\\tmrk_${made.prefix}_…\\tsend,suppressions\\t${domain.replaceAll(".", "\\.")}\\tcreated \\S+\\tlast used never\\n$`));
    const listed = await mailroom("list", account, "--json");
    expect(JSON.parse(listed.stdout)).toEqual([{ id: made.id, name: "billing app", prefix: made.prefix, scopes: ["send", "suppressions"], domains: [domain], createdAt: row.createdAt.toISOString(), lastUsedAt: null }]);
    expect(listed.stdout).not.toContain(made.secret);

    const revoked = await mailroom("revoke", account, `mrk_${made.prefix}_…`, "--json");
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: made.id, name: "billing app" });
    expect(await db.apiKey.findUnique({ where: { id: made.id } })).toBeNull();
    expect(await mailroom("list", account)).toMatchObject({ code: 0, stdout: `account ${account} has no API keys\n` });

    const audit = await db.auditEntry.findMany({ where: { target: account, action: { startsWith: "apiKey." } }, orderBy: { id: "asc" } });
    expect(audit.map((e) => [e.surface, e.action])).toEqual([
      ["cli", "apiKey.add"],
      ["cli", "apiKey.revoke"],
    ]);
    expect(audit[0]!.after).toEqual({ name: "billing app", prefix: made.prefix, scopes: ["send", "suppressions"], domains: [domain] });
    expect(JSON.stringify(audit.map((e) => [e.before, e.after]))).not.toContain(made.secret.slice(18));
  });

  it("says what is wrong in one line: exit 2 for bad arguments, 1 for what the server refuses", async () => {
    const cases: [string[], number, string][] = [
      [["add", account, "k"], 2, "mailroom: scopes: choose at least one scope\n"],
      [["add", account, "k", "--scope", "everything"], 2, "mailroom: scopes: a scope is one of send, suppressions, messages\n"],
      [["add", account, "k", "--scope", "send", "--from-domain", "elsewhere.example"], 1, "mailroom: the account has no address on elsewhere.example: a key can only be limited to its own domains\n"],
      [["add", "nobody-here", "k", "--scope", "send"], 1, "mailroom: account nobody-here does not exist\n"],
      [["revoke", account, "no-such-key"], 1, `mailroom: account ${account} has no API key "no-such-key" (revoked meanwhile?)\n`],
      [["rotate", account], 2, 'mailroom: unknown apikey command "rotate" (mailroom --help lists the commands)\n'],
      [["list"], 2, "mailroom: give the account name (mailroom --help lists the commands)\n"],
    ];
    for (const [args, code, stderr] of cases) expect(await mailroom(...args), args.join(" ")).toMatchObject({ code, stdout: "", stderr });
    const names = await mailroom("add", account, "twice", "--scope", "send");
    expect(names.code).toBe(0);
    expect(names.stdout).toMatch(/^API key twice of \S+ \(shown once: store it now\):\nmrk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
    expect(await mailroom("add", account, "twice", "--scope", "send")).toMatchObject({ code: 1, stderr: 'mailroom: a key named "twice" exists already: choose another name\n' });
  });
});
