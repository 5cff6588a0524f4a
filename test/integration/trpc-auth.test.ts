// Who may call what over tRPC, tested over real HTTP: every admin procedure refuses a caller without a session
// and a caller with an account session; mutations need the session's CSRF token; cross-site POSTs are refused
// before any procedure runs; logins count against the shared failed-auth limiter.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setAdminPassword } from "../../server/auth/admin";
import { createDb, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { appRouter } from "../../server/trpc/router";
import { adminDatabaseUrl, unique } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { cookieOf, startTrpc, trpcCall, type TrpcServer } from "../helpers/trpc";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let adminCookie: string;
let adminCsrf: string;
let accountCookie: string;
const ADMIN_PASSWORD = "admin-test-password";
const ACCOUNT_PASSWORD = "account-test-password";
let address: string;
// Every test uses addresses of its own so failed-login counts of one do not affect another.
let ipCounter = 0;
const freshIp = () => `10.${(process.pid % 200) + 1}.${++ipCounter}.${Math.floor(Math.random() * 250) + 1}`;

// A database of its own: the test sets the admin password, which other tests of the run rely on.
beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_trpcauth");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db);
  await setAdminPassword(db, ADMIN_PASSWORD);
  const domain = unique("trpc").toLowerCase() + ".example";
  await createDomain(db, { name: domain, catchallSeparators: [] });
  address = `user@${domain}`;
  await createAccount(db, { name: unique("trpcacct"), address, password: ACCOUNT_PASSWORD });
  const admin = await trpcCall(server.url, "admin.session.login", "mutation", { password: ADMIN_PASSWORD }, { ip: freshIp() });
  expect(admin.status).toBe(200);
  adminCookie = cookieOf(admin.setCookie);
  const session = await trpcCall(server.url, "admin.session.get", "query", undefined, { cookie: adminCookie });
  adminCsrf = (session.data as { csrfToken: string }).csrfToken;
  const account = await trpcCall(server.url, "account.session.login", "mutation", { address, password: ACCOUNT_PASSWORD }, { ip: freshIp() });
  expect(account.status).toBe(200);
  accountCookie = cookieOf(account.setCookie);
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

type Proc = { path: string; type: "query" | "mutation" | "subscription" };
const adminProcedures: Proc[] = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: Proc["type"] } }>)
  .filter(([path]) => path.startsWith("admin.") && path !== "admin.session.login")
  .map(([path, p]) => ({ path, type: p._def.type }));

describe("admin procedures", () => {
  it("are many, and include the queue, hold rules, webhooks and the live feed", () => {
    const paths = adminProcedures.map((p) => p.path);
    for (const p of ["admin.queue.list", "admin.queue.holdSet", "admin.holdRule.add", "admin.hook.cancel", "admin.hook.replay", "admin.message.trail", "admin.live.changes"]) {
      expect(paths).toContain(p);
    }
  });

  it("refuse a caller without a session, and one with an account session", async () => {
    for (const proc of adminProcedures.filter((p) => p.type !== "subscription")) {
      for (const cookie of [undefined, accountCookie]) {
        const r = await trpcCall(server.url, proc.path, proc.type as "query" | "mutation", {}, { cookie });
        expect({ path: proc.path, status: r.status, code: r.error?.code }).toEqual({ path: proc.path, status: 401, code: "UNAUTHORIZED" });
      }
    }
  });

  it("refuse the live subscription without an admin session", async () => {
    for (const cookie of [undefined, accountCookie]) {
      const res = await fetch(`${server.url}/api/trpc/admin.live.changes`, { headers: { ...(cookie ? { cookie } : {}), accept: "text/event-stream" } });
      const text = await res.text();
      expect(text).toContain("UNAUTHORIZED");
    }
  });

  it("answer an admin session: queries work, mutations need the CSRF token", async () => {
    const list = await trpcCall(server.url, "admin.holdRule.list", "query", undefined, { cookie: adminCookie });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.data)).toBe(true);

    const rule = { account: "", senderDomain: "", recipientDomain: `${unique("csrf").toLowerCase()}.example` };
    const noToken = await trpcCall(server.url, "admin.holdRule.add", "mutation", rule, { cookie: adminCookie });
    expect(noToken.status).toBe(403);
    expect(noToken.error?.message).toMatch(/CSRF/);
    const wrongToken = await trpcCall(server.url, "admin.holdRule.add", "mutation", rule, { cookie: adminCookie, csrf: "x".repeat(adminCsrf.length) });
    expect(wrongToken.status).toBe(403);
    expect(await db.holdRule.count({ where: { recipientDomainStr: rule.recipientDomain } })).toBe(0);

    const ok = await trpcCall(server.url, "admin.holdRule.add", "mutation", rule, { cookie: adminCookie, csrf: adminCsrf });
    expect(ok.status).toBe(200);
    const added = ok.data as { id: number };
    await trpcCall(server.url, "admin.holdRule.remove", "mutation", { id: added.id }, { cookie: adminCookie, csrf: adminCsrf });
  });

  it("refuse a forged cross-site POST even with the session cookie and token", async () => {
    const rule = { account: "", senderDomain: "", recipientDomain: `${unique("xsite").toLowerCase()}.example` };
    const fromEvil = await trpcCall(server.url, "admin.holdRule.add", "mutation", rule, { cookie: adminCookie, csrf: adminCsrf, origin: "https://evil.example" });
    expect(fromEvil.status).toBe(403);
    const crossSite = await trpcCall(server.url, "admin.holdRule.add", "mutation", rule, { cookie: adminCookie, csrf: adminCsrf, secFetchSite: "cross-site" });
    expect(crossSite.status).toBe(403);
    const form = await fetch(`${server.url}/api/trpc/admin.holdRule.add`, {
      method: "POST",
      headers: { cookie: adminCookie, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "json=%7B%7D",
    });
    expect(form.status).toBe(403);
    expect(await db.holdRule.count({ where: { recipientDomainStr: rule.recipientDomain } })).toBe(0);
  });

  it("validate input with the same schema the forms use, with errors per field", async () => {
    const r = await trpcCall(server.url, "admin.holdRule.add", "mutation", { account: "", senderDomain: "not a domain", recipientDomain: "" }, { cookie: adminCookie, csrf: adminCsrf });
    expect(r.status).toBe(400);
    expect(r.error?.code).toBe("BAD_REQUEST");
  });

  it("refuse an empty selection instead of changing every message", async () => {
    const r = await trpcCall(server.url, "admin.queue.drop", "mutation", { filter: { ids: [] } }, { cookie: adminCookie, csrf: adminCsrf });
    expect(r.status).toBe(400);
  });
});

describe("logins", () => {
  it("sets an HttpOnly SameSite=Strict session cookie, and logout ends the session", async () => {
    const ip = freshIp();
    const r = await trpcCall(server.url, "admin.session.login", "mutation", { password: ADMIN_PASSWORD }, { ip });
    expect(r.setCookie[0]).toMatch(/^mailroom_admin=[\w-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const cookie = cookieOf(r.setCookie);
    const { data } = await trpcCall(server.url, "admin.session.get", "query", undefined, { cookie });
    const csrf = (data as { csrfToken: string }).csrfToken;
    expect((await trpcCall(server.url, "admin.session.logout", "mutation", undefined, { cookie, csrf })).status).toBe(200);
    expect((await trpcCall(server.url, "admin.session.get", "query", undefined, { cookie })).status).toBe(401);
  });

  it("an account session does not open the admin area, nor the admin's the account area", async () => {
    expect((await trpcCall(server.url, "account.session.get", "query", undefined, { cookie: accountCookie })).status).toBe(200);
    expect((await trpcCall(server.url, "account.session.get", "query", undefined, { cookie: adminCookie })).status).toBe(401);
  });

  it("says wrong password, then refuses after too many failures from one network, even the right password", async () => {
    const before = await loginCounts();
    const ip = freshIp();
    const wrong = await trpcCall(server.url, "admin.session.login", "mutation", { password: "nope" }, { ip });
    expect(wrong.status).toBe(401);
    expect(wrong.error?.message).toBe("wrong password");
    for (let i = 0; i < 9; i++) await trpcCall(server.url, "admin.session.login", "mutation", { password: "nope" }, { ip });
    const limited = await trpcCall(server.url, "admin.session.login", "mutation", { password: ADMIN_PASSWORD }, { ip });
    expect(limited.status).toBe(429);
    // The limiter is the one the webapi and SMTP use: the account login from that address is refused too.
    const account = await trpcCall(server.url, "account.session.login", "mutation", { address, password: ACCOUNT_PASSWORD }, { ip });
    expect(account.status).toBe(429);
    const after = await loginCounts();
    expect(after.failed - before.failed).toBe(10);
    expect(after.limited - before.limited).toBe(2);
  });
});

// Web logins as the web process's metrics count them: wrong passwords, and refusals by the limiter.
async function loginCounts() {
  const sum = async (name: string, match: (labels: Partial<Record<string, string | number>>) => boolean) =>
    (await server.deps.metrics.registry.getSingleMetric(name)!.get()).values.filter((v) => match(v.labels)).reduce((n, v) => n + v.value, 0);
  return {
    failed: await sum("mox_authentication_total", (l) => l.kind === "webadmin" && l.result === "badcreds"),
    limited: await sum("mox_authentication_ratelimited_total", (l) => l.kind === "webadmin" || l.kind === "webaccount"),
  };
}
