// Failed logins are limited per client IP and per surrounding network, in fixed windows aligned to the epoch
// (spec 1.3). Counts live in PostgreSQL so every web and SMTP process shares them and a flushed Redis does
// not hand an attacker a fresh budget.
import { sqlPool, withSqlTransaction, type Db } from "../db/client";
import { isIPv4Address, networkOf } from "../net/ip-network";

type Window = { name: "minute" | "day"; ms: number; limits: [number, number, number] };

const WINDOWS: Window[] = [
  { name: "minute", ms: 60_000, limits: [10, 30, 90] },
  { name: "day", ms: 86_400_000, limits: [50, 150, 450] },
];
const IPV4_BITS = [32, 26, 21];
const IPV6_BITS = [64, 48, 32];

type Slot = { network: string; window: Window["name"]; windowStart: Date; limit: number };

function slots(ip: string, now: Date): Slot[] {
  const bits = isIPv4Address(ip) ? IPV4_BITS : IPV6_BITS;
  return WINDOWS.flatMap((w) => {
    const windowStart = new Date(Math.floor(now.getTime() / w.ms) * w.ms);
    return bits.map((b, i) => ({ network: networkOf(ip, b), window: w.name, windowStart, limit: w.limits[i]! }));
  });
}

// The slots as three parallel arrays for unnest(). Timestamps go in as UTC text: the columns are timestamps
// without time zone holding UTC, as Prisma writes them.
function slotColumns(list: Slot[]): [string[], string[], string[]] {
  return [list.map((s) => s.network), list.map((s) => s.window), list.map((s) => s.windowStart.toISOString())];
}

const ownNetwork = (ip: string) => networkOf(ip, isIPv4Address(ip) ? IPV4_BITS[0]! : IPV6_BITS[0]!);

export type AuthLimitState = {
  // Within every limit (for a reserved attempt: counted as a failure until it is given back).
  allowed: boolean;
  // The IP itself has failures on record besides this attempt, which a successful login clears.
  ownFailures: boolean;
};

// Read only, for a login that verifies no password (credentials that succeeded moments ago): refused like any
// other attempt while the network is over its limit, so a remembered success cannot be probed for without limit.
export async function checkAuthLimit(db: Db, ip: string, now = new Date()): Promise<AuthLimitState> {
  const wanted = slots(ip, now);
  const { rows } = await sqlPool(db).query<{ network: string; window: string; count: number }>(
    `SELECT "network", "window", "count" FROM "AuthFailureCount"
     WHERE ("network", "window", "windowStart") IN (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[]))`,
    slotColumns(wanted),
  );
  const counts = new Map(rows.map((r) => [`${r.network} ${r.window}`, r.count]));
  const own = ownNetwork(ip);
  return {
    allowed: wanted.every((s) => (counts.get(`${s.network} ${s.window}`) ?? 0) < s.limit),
    ownFailures: rows.some((r) => r.network === own && r.count > 0),
  };
}

const UPSERT_COUNTS = `INSERT INTO "AuthFailureCount" ("network", "window", "windowStart", "count")
  SELECT *, 1 FROM unnest($1::text[], $2::text[], $3::timestamp[])
  ON CONFLICT ("network", "window", "windowStart") DO UPDATE SET "count" = "AuthFailureCount"."count" + 1`;

class OverLimit extends Error {}

// Counts the attempt as a failure before its password is looked at, and in the same transaction gives up if that
// passes any limit. The increment locks the count rows, so concurrent attempts from one network queue here and
// no more than the limit are ever let through to verify a password in one window.
export async function reserveAuthAttempt(db: Db, ip: string, now = new Date()): Promise<AuthLimitState> {
  const wanted = slots(ip, now);
  const own = ownNetwork(ip);
  try {
    return await withSqlTransaction(db, async (client) => {
      const { rows } = await client.query<{ network: string; window: string; count: number }>(`${UPSERT_COUNTS} RETURNING "network", "window", "count"`, slotColumns(wanted));
      const counts = new Map(rows.map((r) => [`${r.network} ${r.window}`, r.count]));
      if (wanted.some((s) => counts.get(`${s.network} ${s.window}`)! > s.limit)) throw new OverLimit();
      return { allowed: true, ownFailures: rows.some((r) => r.network === own && r.count > 1) };
    });
  } catch (err) {
    if (err instanceof OverLimit) return { allowed: false, ownFailures: false };
    throw err;
  }
}

// An attempt that was not a failure (a right password, or a login that is disabled) is given back.
export async function releaseAuthAttempt(db: Db, ip: string, now: Date): Promise<void> {
  await sqlPool(db).query(
    `UPDATE "AuthFailureCount" SET "count" = "count" - 1
     WHERE ("network", "window", "windowStart") IN (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[])) AND "count" > 0`,
    slotColumns(slots(ip, now)),
  );
}

// A successful login clears the client's own counts; its network's counts stay, so one valid account in a
// network cannot be used to reset the budget of its neighbours.
export async function resetAuthFailures(db: Db, ip: string): Promise<void> {
  await sqlPool(db).query(`DELETE FROM "AuthFailureCount" WHERE "network" = $1`, [ownNetwork(ip)]);
}
