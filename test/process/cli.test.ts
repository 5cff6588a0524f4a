import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/auth/password";
import { databaseUrl, testDb, unique } from "../helpers/env";
import { baseEnv, runMailroom } from "../helpers/process";

const db = testDb();
afterAll(() => db.$disconnect());
const env = () => baseEnv({ DATABASE_URL: databaseUrl() });

describe("mailroom CLI", () => {
  it("adds a domain and an account, and sets passwords from a flag or standard input, each audited", async () => {
    const domain = `${unique("cli")}.example`;
    const name = unique("cli");
    expect(await runMailroom(["domain", "add", domain, "--separator", "+"], env())).toMatchObject({ code: 0, stdout: `created domain ${domain}\n` });
    const added = await runMailroom(["account", "add", name, `User@${domain}`, "--full-name", "A User", "--password", "first-password"], env());
    expect(added).toMatchObject({ code: 0 });
    const acct = await db.account.findUniqueOrThrow({ where: { name }, include: { credential: true } });
    expect(acct.fullName).toBe("A User");
    expect(await verifyPassword("first-password", acct.credential!.passwordHash)).toBe(true);

    expect(await runMailroom(["password", "set", name], env(), "second-password\n")).toMatchObject({ code: 0 });
    const cred = await db.credential.findUniqueOrThrow({ where: { accountId: acct.id } });
    expect(await verifyPassword("second-password", cred.passwordHash)).toBe(true);

    // Each change is in the audit log as the CLI's, the passwords masked.
    const entries = await db.auditEntry.findMany({ where: { target: { in: [domain, name] } }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.surface, e.action])).toEqual([
      ["cli", "domain.add"],
      ["cli", "account.add"],
      ["cli", "account.password"],
    ]);
    expect(JSON.stringify(entries.map((e) => [e.before, e.after]))).not.toMatch(/first-password|second-password/);
  });

  it("explains what is wrong in one line", async () => {
    const unknown = await runMailroom(["account", "add", unique("x"), "a@not-a-configured-domain.example", "--password", "long-enough"], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("mailroom: domain not-a-configured-domain.example does not exist; add it first\n");

    const short = await runMailroom(["password", "set", "mox", "--password", "short"], env());
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("at least 8 characters");

    const bogus = await runMailroom(["frobnicate"], env());
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/^mailroom: unknown command "frobnicate"\nusage: mailroom/);
  });
});
