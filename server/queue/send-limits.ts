// Outgoing limits per account over the last 24 hours (spec 1.6 Send step 6), from the account's send history.
// Every submission path records its recipients, the webapi included (mox at the reference did not).
import type { Tx } from "../db/client";
import { AppError } from "../errors";

const DAY_MS = 24 * 3600 * 1000;

export type SendLimits = { maxOutgoingMessagesPerDay: number; maxFirstTimeRecipientsPerDay: number };

export async function checkSendLimits(tx: Tx, accountId: number, limits: SendLimits, recipients: string[], now: Date): Promise<void> {
  const since = new Date(now.getTime() - DAY_MS);
  // Counting stops just past the limit: the answer is the same and the cost stays bounded.
  const [{ messages, recipients: distinct }] = await tx.$queryRaw<{ messages: number; recipients: number }[]>`
    SELECT count(*)::int AS messages, count(DISTINCT "recipient")::int AS recipients FROM (
      SELECT "recipient" FROM "SendHistory" WHERE "accountId" = ${accountId} AND "sent" >= ${since}
      LIMIT ${limits.maxOutgoingMessagesPerDay + 1}) recent` as [{ messages: number; recipients: number }];
  if (messages + recipients.length > limits.maxOutgoingMessagesPerDay) {
    throw new AppError("messageLimitReached", `outgoing message limit of ${limits.maxOutgoingMessagesPerDay} per day reached`);
  }
  if (distinct + recipients.length < limits.maxFirstTimeRecipientsPerDay) return;
  if ((await countFirstTime(tx, accountId, recipients, since)) > limits.maxFirstTimeRecipientsPerDay) {
    throw new AppError("recipientLimitReached", `limit of ${limits.maxFirstTimeRecipientsPerDay} first-time recipients per day reached`);
  }
}

// Recipients of the last day that had not been written to before it, plus new recipients never written to.
async function countFirstTime(tx: Tx, accountId: number, recipients: string[], since: Date): Promise<number> {
  const [{ recent }] = await tx.$queryRaw<{ recent: number }[]>`
    SELECT count(DISTINCT r."recipient")::int AS recent FROM "SendHistory" r
    WHERE r."accountId" = ${accountId} AND r."sent" >= ${since} AND NOT EXISTS (
      SELECT 1 FROM "SendHistory" o WHERE o."accountId" = ${accountId} AND o."recipient" = r."recipient" AND o."sent" < ${since})` as [{ recent: number }];
  const known = await tx.sendHistory.findMany({
    where: { accountId, recipient: { in: recipients } },
    select: { recipient: true },
    distinct: ["recipient"],
  });
  const knownSet = new Set(known.map((k) => k.recipient));
  return recent + new Set(recipients.filter((r) => !knownSet.has(r))).size;
}

export async function recordSends(tx: Tx, accountId: number, recipients: string[], now: Date): Promise<void> {
  await tx.sendHistory.createMany({ data: recipients.map((recipient) => ({ accountId, recipient, sent: now })) });
}
