// What accounts use of their limits: messages sent in the last 24 hours and first-time recipients among them,
// counted as the send limits count them (queue/send-limits.ts), and storage, the sizes of the stored messages.
import { sqlPool, type Db } from "../db/client";
import { countFirstTime } from "../queue/send-limits";

const DAY_MS = 24 * 3600 * 1000;

export type ListUsage = { messagesToday: number; storageUsed: number };
export type AccountUsage = ListUsage & { firstTimeRecipientsToday: number };

// For a page of the account list: two grouped queries, whatever the page size.
export async function usageOfAccounts(db: Db, accountIds: number[], now: Date): Promise<Map<number, ListUsage>> {
  const [sends, storage] = await Promise.all([
    db.sendHistory.groupBy({ by: ["accountId"], where: { accountId: { in: accountIds }, sent: { gte: dayBefore(now) } }, _count: { _all: true } }),
    db.message.groupBy({ by: ["accountId"], where: { accountId: { in: accountIds }, expunged: false }, _sum: { size: true } }),
  ]);
  const sent = new Map(sends.map((s) => [s.accountId, s._count._all]));
  const stored = new Map(storage.map((s) => [s.accountId, Number(s._sum.size ?? 0)]));
  return new Map(accountIds.map((id) => [id, { messagesToday: sent.get(id) ?? 0, storageUsed: stored.get(id) ?? 0 }]));
}

export async function accountUsage(db: Db, accountId: number, now: Date): Promise<AccountUsage> {
  const since = dayBefore(now);
  const [list, firstTimeRecipientsToday] = await Promise.all([
    usageOfAccounts(db, [accountId], now),
    countFirstTime(sqlPool(db), { accountId, since: since.toISOString() }, []),
  ]);
  return { ...list.get(accountId)!, firstTimeRecipientsToday };
}

const dayBefore = (now: Date) => new Date(now.getTime() - DAY_MS);
