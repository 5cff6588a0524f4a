// The failed-auth limiter under concurrency: check and count are one step, so a burst of wrong passwords from one
// network gets no more password verifications than the limit, whatever the surface.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Authenticator } from "../../server/auth/authenticate";
import { hashPassword, verifyPassword } from "../../server/auth/password";
import { createDb, sqlPool, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { until } from "../helpers/wait";

const PASSWORD = "right-password-1";
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_authlimit");
  drop = isolated.drop;
  db = createDb(isolated.url, 10);
  await createDomain(db, { name: "limit.example" });
  const account = await createAccount(db, { name: "limited", address: "user@limit.example" });
  await db.credential.create({ data: { accountId: account.id, passwordHash: await hashPassword(PASSWORD) } });
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

// An Authenticator whose password checks are counted.
function countingAuthenticator() {
  const counter = { checks: 0 };
  const authenticator = new Authenticator(db, async (password, hash) => {
    counter.checks++;
    return verifyPassword(password, hash);
  });
  return { authenticator, counter };
}

const ownCounts = async (network: string) =>
  (await sqlPool(db).query<{ count: number }>(`SELECT "count" FROM "AuthFailureCount" WHERE "network" = $1`, [network])).rows.map((r) => r.count);

describe("failed-auth limiter", () => {
  it("verifies at most the per-minute limit of 300 concurrent wrong passwords from one IP", async () => {
    const { authenticator, counter } = countingAuthenticator();
    const now = new Date("2026-12-03T10:00:10Z");
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => authenticator.account("198.51.100.7", "user@limit.example", `wrong-password-${i}`, now)));
    expect(counter.checks).toBe(10);
    expect(results.filter((r) => !r.ok && r.reason === "badCredentials")).toHaveLength(10);
    expect(results.filter((r) => !r.ok && r.reason === "rateLimited")).toHaveLength(290);
    // Refused attempts are not counted: the IP's minute count is the limit, not 300.
    expect(await ownCounts("198.51.100.7/32")).toEqual([10, 10]);
  });

  it("lets 32 connections opening at once with the right password all in, with one verification", async () => {
    const { authenticator, counter } = countingAuthenticator();
    const now = new Date("2026-12-03T10:30:10Z");
    const results = await Promise.all(Array.from({ length: 32 }, () => authenticator.account("198.51.100.6", "user@limit.example", PASSWORD, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(32);
    expect(counter.checks).toBe(1);
    // The attempt it took is given back.
    expect(await ownCounts("198.51.100.6/32")).toEqual([0, 0]);
  });

  it("gives a right password's attempt back and clears the client's own failures", async () => {
    const { authenticator } = countingAuthenticator();
    const now = new Date("2026-12-03T11:00:10Z");
    for (let i = 0; i < 3; i++) expect(await authenticator.account("198.51.100.8", "user@limit.example", "wrong-password", now)).toEqual({ ok: false, reason: "badCredentials" });
    expect((await authenticator.account("198.51.100.8", "user@limit.example", PASSWORD, now)).ok).toBe(true);
    expect(await ownCounts("198.51.100.8/32")).toEqual([]);
    // The neighbours' budget keeps the three failures; the success itself is not counted.
    const network = (await sqlPool(db).query<{ count: number }>(`SELECT "count" FROM "AuthFailureCount" WHERE "network" = '198.51.100.0/26' AND "window" = 'minute' AND "windowStart" = '2026-12-03 11:00:00'`)).rows;
    expect(network).toEqual([{ count: 3 }]);
  });

  it("reuses credentials that succeeded moments ago without verifying again, but not while the network is over its limit", async () => {
    const { authenticator, counter } = countingAuthenticator();
    const now = new Date("2026-12-03T12:00:10Z");
    expect((await authenticator.account("198.51.100.9", "user@limit.example", PASSWORD, now)).ok).toBe(true);
    const checks = counter.checks;
    expect((await authenticator.account("198.51.100.9", "user@limit.example", PASSWORD, now)).ok).toBe(true);
    expect(counter.checks).toBe(checks);
    // Forty neighbours in the /26, one wrong password each: the network (limit 30 a minute) is over its limit, and
    // the remembered success is refused too, so it cannot be probed for.
    await Promise.all(Array.from({ length: 40 }, (_, i) => authenticator.account(`198.51.100.${12 + i}`, "user@limit.example", "wrong", now)));
    expect(await authenticator.account("198.51.100.9", "user@limit.example", PASSWORD, now)).toEqual({ ok: false, reason: "rateLimited" });
  });

  it("reads the limiter for reused credentials once a second, and sees a network over its limit through another process in the next", async () => {
    const here = countingAuthenticator().authenticator;
    const elsewhere = countingAuthenticator().authenticator;
    const now = new Date("2026-12-03T13:00:10.100Z");
    expect((await here.account("198.51.101.9", "user@limit.example", PASSWORD, now)).ok).toBe(true);
    expect((await here.account("198.51.101.9", "user@limit.example", PASSWORD, now)).ok).toBe(true);
    // Another process records the failures that put the /26 over its limit.
    await Promise.all(Array.from({ length: 40 }, (_, i) => elsewhere.account(`198.51.101.${12 + i}`, "user@limit.example", "wrong", now)));
    // Within the same second this process answers from what it read; in the next it reads again and refuses.
    expect((await here.account("198.51.101.9", "user@limit.example", PASSWORD, new Date(now.getTime() + 800))).ok).toBe(true);
    expect(await here.account("198.51.101.9", "user@limit.example", PASSWORD, new Date(now.getTime() + 1000))).toEqual({ ok: false, reason: "rateLimited" });
  });

  it("reads a reused login again in its last second, so clients do not all miss together and a changed password applies early", async () => {
    let clock = Date.parse("2026-12-03T14:00:10Z");
    const authenticator = new Authenticator(db, verifyPassword, () => clock);
    const login = () => authenticator.account("198.51.102.9", "user@limit.example", PASSWORD, new Date(clock));
    const { accountId, passwordHash } = await db.credential.findFirstOrThrow({ where: { account: { name: "limited" } } });
    expect((await login()).ok).toBe(true);
    try {
      // Another process changes the password; this one reuses the login it read, for 5 seconds at most.
      await db.credential.update({ where: { accountId }, data: { passwordHash: await hashPassword("another-password-2") } });
      clock += 3_000;
      expect((await login()).ok).toBe(true);
      // In its last second a call is still answered from what was read, and the login is read again meanwhile.
      clock += 1_200;
      expect((await login()).ok).toBe(true);
      expect(await until(async () => !(await login()).ok && (await login()), 5_000, "the login read again")).toEqual({ ok: false, reason: "badCredentials" });
    } finally {
      await db.credential.update({ where: { accountId }, data: { passwordHash } });
    }
  });
});
