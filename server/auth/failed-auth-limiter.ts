// Failed logins are limited per client IP and per surrounding network, in fixed windows aligned to the epoch
// (spec 1.3). Counts live in PostgreSQL so every web and SMTP process shares them and a flushed Redis does
// not hand an attacker a fresh budget.
import { sqlPool, type Db } from "../db/client";
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
  // One more failure from this IP would still be within every limit.
  allowed: boolean;
  // The IP itself has failures on record, which a successful login clears.
  ownFailures: boolean;
};

// Runs on every API call, so it is one plain SQL query.
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
    allowed: wanted.every((s) => (counts.get(`${s.network} ${s.window}`) ?? 0) + 1 <= s.limit),
    ownFailures: rows.some((r) => r.network === own && r.count > 0),
  };
}

export async function recordAuthFailure(db: Db, ip: string, now = new Date()): Promise<void> {
  await sqlPool(db).query(
    `INSERT INTO "AuthFailureCount" ("network", "window", "windowStart", "count")
     SELECT *, 1 FROM unnest($1::text[], $2::text[], $3::timestamp[])
     ON CONFLICT ("network", "window", "windowStart") DO UPDATE SET "count" = "AuthFailureCount"."count" + 1`,
    slotColumns(slots(ip, now)),
  );
}

// A successful login clears the client's own counts; its network's counts stay, so one valid account in a
// network cannot be used to reset the budget of its neighbours.
export async function resetAuthFailures(db: Db, ip: string): Promise<void> {
  await db.authFailureCount.deleteMany({ where: { network: ownNetwork(ip) } });
}
