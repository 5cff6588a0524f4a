// Outgoing limits per account over the last 24 hours (spec 1.6 Send step 6), from the account's send history.
// Every submission path records its recipients, the webapi included (mox at the reference did not).
import type { SqlClient } from "../db/client";
import { AppError } from "../errors";

export type SendCounts = {
  accountId: number;
  maxOutgoingMessagesPerDay: number;
  maxFirstTimeRecipientsPerDay: number;
  // Messages and distinct recipients since `since`, one day back.
  messages: number;
  recipients: number;
  since: string;
};

export async function checkSendLimits(sql: SqlClient, c: SendCounts, recipients: string[]): Promise<void> {
  if (c.messages + recipients.length > c.maxOutgoingMessagesPerDay) {
    throw new AppError("messageLimitReached", `outgoing message limit of ${c.maxOutgoingMessagesPerDay} per day reached`);
  }
  // Only worth asking when this many recipients could be new.
  if (c.recipients + recipients.length < c.maxFirstTimeRecipientsPerDay) return;
  if ((await countFirstTime(sql, c, recipients)) > c.maxFirstTimeRecipientsPerDay) {
    throw new AppError("recipientLimitReached", `limit of ${c.maxFirstTimeRecipientsPerDay} first-time recipients per day reached`);
  }
}

// Recipients of the last day that had not been written to before it, plus new recipients never written to.
// With no new recipients, the usage the admin pages show beside the limit.
export async function countFirstTime(sql: SqlClient, c: Pick<SendCounts, "accountId" | "since">, recipients: string[]): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT (
       SELECT count(DISTINCT r."recipient") FROM "SendHistory" r
       WHERE r."accountId" = $1 AND r."sent" >= $2 AND NOT EXISTS (
         SELECT 1 FROM "SendHistory" o WHERE o."accountId" = $1 AND o."recipient" = r."recipient" AND o."sent" < $2)
     ) + (
       SELECT count(DISTINCT n) FROM unnest($3::text[]) AS n
       WHERE NOT EXISTS (SELECT 1 FROM "SendHistory" h WHERE h."accountId" = $1 AND h."recipient" = n)
     ) AS n`,
    [c.accountId, c.since, recipients],
  );
  return Number(rows[0]!.n);
}
