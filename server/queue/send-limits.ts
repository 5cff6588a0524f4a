// Outgoing limits per account over the last 24 hours (spec 1.6 Send step 6), from the account's send history.
// Every submission path records its recipients, the webapi included (mox at the reference did not).
import type { SqlClient } from "../db/client";
import { AppError } from "../errors";

const DAY_MS = 24 * 3600 * 1000;

type Counts = { maxOutgoingMessagesPerDay: number; maxFirstTimeRecipientsPerDay: number; messages: number; recipients: number };

// The limits are read in the same query, so a changed limit applies to the next message.
export async function checkSendLimits(sql: SqlClient, accountId: number, recipients: string[], now: Date): Promise<void> {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  // Counting stops just past the limit: the answer is the same and the cost stays bounded.
  const { rows } = await sql.query<Counts>(
    `SELECT a."maxOutgoingMessagesPerDay", a."maxFirstTimeRecipientsPerDay", r.messages, r.recipients
     FROM "Account" a, LATERAL (
       SELECT count(*)::int AS messages, count(DISTINCT "recipient")::int AS recipients FROM (
         SELECT "recipient" FROM "SendHistory" WHERE "accountId" = a."id" AND "sent" >= $2
         LIMIT a."maxOutgoingMessagesPerDay" + 1) recent
     ) r WHERE a."id" = $1`,
    [accountId, since],
  );
  const { messages, recipients: distinct, ...limits } = rows[0]!;
  if (messages + recipients.length > limits.maxOutgoingMessagesPerDay) {
    throw new AppError("messageLimitReached", `outgoing message limit of ${limits.maxOutgoingMessagesPerDay} per day reached`);
  }
  if (distinct + recipients.length < limits.maxFirstTimeRecipientsPerDay) return;
  if ((await countFirstTime(sql, accountId, recipients, since)) > limits.maxFirstTimeRecipientsPerDay) {
    throw new AppError("recipientLimitReached", `limit of ${limits.maxFirstTimeRecipientsPerDay} first-time recipients per day reached`);
  }
}

// Recipients of the last day that had not been written to before it, plus new recipients never written to.
async function countFirstTime(sql: SqlClient, accountId: number, recipients: string[], since: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT (
       SELECT count(DISTINCT r."recipient") FROM "SendHistory" r
       WHERE r."accountId" = $1 AND r."sent" >= $2 AND NOT EXISTS (
         SELECT 1 FROM "SendHistory" o WHERE o."accountId" = $1 AND o."recipient" = r."recipient" AND o."sent" < $2)
     ) + (
       SELECT count(DISTINCT n) FROM unnest($3::text[]) AS n
       WHERE NOT EXISTS (SELECT 1 FROM "SendHistory" h WHERE h."accountId" = $1 AND h."recipient" = n)
     ) AS n`,
    [accountId, since, recipients],
  );
  return Number(rows[0]!.n);
}
