// Reading and changing one stored message of an account: the operations behind the webapi's Message* methods
// (and later the webmail). Expunged messages stay as rows without content, so "removed" and "never existed"
// are different answers.
import { sqlPool, type Db } from "../db/client";
import { AppError } from "../errors";
import type { MimePart } from "../message/structure";
import { parseFlags } from "./flags";
import { takeUidSql } from "./mailbox-uid";

const SELECT = {
  id: true,
  expunged: true,
  size: true,
  mailboxId: true,
  seen: true,
  answered: true,
  flagged: true,
  deleted: true,
  draft: true,
  forwarded: true,
  junk: true,
  notjunk: true,
  phishing: true,
  mdnsent: true,
  keywords: true,
  dsn: true,
  mailFrom: true,
  mailFromValidated: true,
  msgFromValidated: true,
  rcptTo: true,
  dkimVerifiedDomains: true,
  remoteIp: true,
  structure: true,
  mailbox: { select: { name: true } },
} as const;

async function findMessage(db: Db, accountId: number, id: bigint) {
  const row = await db.message.findFirst({ where: { id, accountId }, select: SELECT });
  if (!row) throw new AppError("messageNotFound", "message not found");
  return row;
}

// For reads, an expunged message is simply not there.
export async function readMessage(db: Db, accountId: number, id: bigint) {
  const row = await findMessage(db, accountId, id);
  if (row.expunged) throw new AppError("messageNotFound", "message not found");
  const content = await db.messageContent.findUniqueOrThrow({ where: { messageId: id } });
  return { ...row, structure: row.structure as unknown as MimePart, prefix: Buffer.from(content.prefix), raw: Buffer.from(content.raw) };
}

export type StoredMessage = Awaited<ReturnType<typeof readMessage>>;

async function findLiveMessage(db: Db, accountId: number, id: bigint) {
  if (id === 0n) throw new AppError("user", "invalid message id 0");
  const row = await findMessage(db, accountId, id);
  if (row.expunged) throw new AppError("user", "message was removed");
  return row;
}

export async function expungeMessage(db: Db, accountId: number, id: bigint): Promise<void> {
  await findLiveMessage(db, accountId, id);
  await db.$transaction([
    db.messageContent.deleteMany({ where: { messageId: id } }),
    db.message.updateMany({ where: { id, expunged: false }, data: { expunged: true } }),
  ]);
}

// One statement changes the message's flags and keywords from what is stored at that moment, so concurrent
// changes to one message all apply; a keyword new to the mailbox is added to the mailbox's list in the same
// statement.
export async function changeFlags(db: Db, accountId: number, id: bigint, flags: string[], set: boolean): Promise<void> {
  const parsed = parseFlags(flags);
  const row = await findLiveMessage(db, accountId, id);
  const system = parsed.system.map((c) => `"${c}" = ${set}`);
  const keywords = set
    ? `"keywords" = "keywords" || ARRAY(SELECT DISTINCT k FROM unnest($2::text[]) k WHERE NOT k = ANY("keywords"))`
    : `"keywords" = ARRAY(SELECT k FROM unnest("keywords") k WHERE NOT k = ANY($2::text[]))`;
  const mailbox =
    set && parsed.keywords.length > 0
      ? `, mailbox AS (UPDATE "Mailbox" SET "keywords" = "keywords" || ARRAY(SELECT DISTINCT k FROM unnest($2::text[]) k WHERE NOT k = ANY("keywords"))
           WHERE "id" = $3 AND NOT "keywords" @> $2::text[] RETURNING 1)`
      : "";
  await sqlPool(db).query(
    `WITH message AS (UPDATE "Message" SET ${[...system, keywords].join(", ")} WHERE "id" = $1 RETURNING 1)${mailbox}
     SELECT 1`,
    mailbox ? [id.toString(), parsed.keywords, row.mailboxId] : [id.toString(), parsed.keywords],
  );
}

// "Inbox" is matched case-insensitively, as IMAP does; other mailbox names are exact.
function mailboxWhere(accountId: number, name: string) {
  return { accountId, name: name.toLowerCase() === "inbox" ? "Inbox" : name };
}

export async function moveMessage(db: Db, accountId: number, id: bigint, destName: string): Promise<void> {
  const row = await findLiveMessage(db, accountId, id);
  const dest = await db.mailbox.findFirst({ where: mailboxWhere(accountId, destName) });
  if (!dest) throw new AppError("user", `mailbox ${JSON.stringify(destName)} not found`);
  if (dest.id === row.mailboxId) throw new AppError("user", "message is already in that mailbox");
  // Mail moved to the trash counts as read, so it does not keep an unread count alive.
  const seen = dest.specialUse === "trash" ? `, "seen" = TRUE` : "";
  await sqlPool(db).query(
    `WITH mailbox AS (${takeUidSql("$2")})
     UPDATE "Message" SET "mailboxId" = $2, "uid" = mailbox.uid${seen} FROM mailbox WHERE "Message"."id" = $1`,
    [id.toString(), dest.id],
  );
}
