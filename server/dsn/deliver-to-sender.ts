// DSNs the queue generates go straight into the sending account's Inbox (spec 3.3), flagged as DSN, never over
// SMTP and never as webhooks.
import type { SqlClient } from "../db/client";
import { AppError } from "../errors";
import { appendMessage, prepareMessage } from "../store/message-append";
import { composeDsn, type DsnInput } from "./compose";

export type SenderDsn = Omit<DsnInput, "hostname"> & { account: string };

export type DsnDelivery = { delivered: true } | { delivered: false; reason: string };

// Parsing happens before the caller's transaction work that follows; the append joins the caller's transaction.
export async function deliverDsnToSender(sql: SqlClient, hostname: string, dsn: SenderDsn): Promise<DsnDelivery> {
  const { rows } = await sql.query<{ accountId: number; mailboxId: number }>(
    `SELECT a."id" AS "accountId", m."id" AS "mailboxId" FROM "Account" a JOIN "Mailbox" m ON m."accountId" = a."id" AND m."name" = 'Inbox'
     WHERE a."name" = $1`,
    [dsn.account],
  );
  const target = rows[0];
  if (!target) return { delivered: false, reason: `account ${JSON.stringify(dsn.account)} or its Inbox is gone` };
  const raw = composeDsn({ ...dsn, hostname });
  try {
    await appendMessage(sql, prepareMessage(raw), {
      accountId: target.accountId,
      mailboxId: target.mailboxId,
      prefix: Buffer.from(`Return-Path: <postmaster@${hostname}>\r\nDelivered-To: ${dsn.sender}\r\n`),
      flags: {},
      keywords: [],
      facts: { dsn: true, mailFrom: "", rcptTo: dsn.sender },
    });
    return { delivered: true };
  } catch (err) {
    if (err instanceof AppError && err.code === "quota") return { delivered: false, reason: err.message };
    throw err;
  }
}
