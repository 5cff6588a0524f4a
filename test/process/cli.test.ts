import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/auth/password";
import { withPgClient } from "../../server/db/pg-client";
import { adminDatabaseUrl, databaseUrl, testDb, unique } from "../helpers/env";
import { startHookReceiver } from "../helpers/hook-receiver";
import { freePort } from "../helpers/net";
import { isolatedDatabase } from "../helpers/pg";
import { baseEnv, EXIT_AFTER_OUTPUT_MS, runMailroom, startMailroom } from "../helpers/process";
import { until } from "../helpers/wait";

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
    expect(bogus.stderr).toBe("mailroom: unknown command \"frobnicate\" (mailroom --help lists the commands)\n");
  });

  it("exits as soon as a webhook command is done, and non-zero when the test call failed", async () => {
    const domain = `${unique("hook")}.example`;
    const name = unique("hook");
    expect(await runMailroom(["domain", "add", domain], env())).toMatchObject({ code: 0 });
    expect(await runMailroom(["account", "add", name, `u@${domain}`], env())).toMatchObject({ code: 0 });
    const listed = await runMailroom(["webhook", "list", "--account", name], env());
    expect(listed).toMatchObject({ code: 0, stdout: "no webhooks queued\n", stderr: "" });
    expect(listed.lingerMs).toBeLessThan(EXIT_AFTER_OUTPUT_MS);

    const receiver = await startHookReceiver((hook) => (hook.path === "/fails" ? { status: 500, body: "nope" } : { status: 200, body: "fine" }));
    try {
      const outcomes: [string, number, RegExp][] = [
        [receiver.url("/works"), 0, /^HTTP 200\nfine\n$/],
        [receiver.url("/fails"), 1, /^$/],
        [`http://127.0.0.1:${await freePort()}/closed`, 1, /^$/],
      ];
      for (const [url, code, stdout] of outcomes) {
        expect(await runMailroom(["webhook", "outgoing", name, "--url", url], env())).toMatchObject({ code: 0 });
        const tested = await runMailroom(["webhook", "test", name, "outgoing"], env());
        expect(tested, url).toMatchObject({ code });
        expect(tested.stdout, url).toMatch(stdout);
        expect(tested.lingerMs, url).toBeLessThan(EXIT_AFTER_OUTPUT_MS);
      }
      const failed = await runMailroom(["webhook", "test", name, "outgoing"], env());
      expect(failed.stderr).toMatch(/^mailroom: webhook test failed: HTTP -, error: http transact: connect ECONNREFUSED 127\.0\.0\.1:\d+\n$/);
    } finally {
      await receiver.close();
    }
  });

  it("says in one line, exit 1, when the database cuts the connection mid-command", async () => {
    // A database of its own, since its webhook table is locked for a while.
    const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_cli_cut");
    try {
      const app = unique("cli-cut");
      const outcome = await withPgClient(isolated.url, async (locker) => {
        await locker.query("BEGIN");
        await locker.query(`LOCK TABLE "Webhook" IN ACCESS EXCLUSIVE MODE`);
        const run = startMailroom(["webhook", "list"], baseEnv({ DATABASE_URL: isolated.url, PGAPPNAME: app }));
        const waiting = `SELECT pid FROM pg_stat_activity WHERE application_name = '${app}' AND wait_event_type = 'Lock'`;
        // Asked outside the locker's transaction, which would see one snapshot of the activity.
        const terminated = () => withPgClient(isolated.url, async (admin) => (await admin.query(`SELECT pg_terminate_backend(pid) FROM (${waiting}) w`)).rowCount);
        await until(terminated, 10_000, "the command waiting for the lock, cut");
        await locker.query("ROLLBACK");
        return { code: await run.exited, stdout: run.stdout(), stderr: run.stderr() };
      });
      expect(outcome).toEqual({ code: 1, stdout: "", stderr: "mailroom: database error: terminating connection due to administrator command\n" });
    } finally {
      await isolated.drop();
    }
  });
});
