// Storing a message in a mailbox. Parsing happens before the transaction (it can be slow on large mail and
// needs no locks); the insert takes the mailbox row lock only to hand out the next UID, in one statement.
import { runStatement, statement } from "../db/statement";
import type { SqlClient } from "../db/client";
import { AppError } from "../errors";
import { parseEnvelope, selectText, type Envelope } from "../message/envelope";
import { parseStructure, type MimePart } from "../message/structure";
import { FLAG_COLUMNS, type FlagColumns } from "./flags";
import { takeUidSql } from "./mailbox-uid";

export type PreparedMessage = { raw: Buffer; structure: MimePart; envelope: Envelope; preview: string; hasAttachments: boolean };

export type DeliveryFacts = {
  dsn: boolean;
  mailFrom: string;
  mailFromValidated: boolean;
  msgFromValidated: boolean;
  rcptTo: string;
  dkimVerifiedDomains: string[];
  remoteIp: string;
};

export type AppendTarget = {
  accountId: number;
  mailboxId: number;
  prefix: Buffer;
  flags: Partial<FlagColumns>;
  keywords: string[];
  facts: Partial<DeliveryFacts>;
};

const PREVIEW_CHARS = 256;
// Large messages go to PostgreSQL in pieces: the driver copies each parameter into its send buffer, and one
// copy of a 30 MiB message on top of the message itself is what would make receiving it cost three times its size.
const PIECE = 4 * 1024 * 1024;

export function prepareMessage(raw: Buffer): PreparedMessage {
  const structure = parseStructure(raw);
  const { text, html } = selectText(raw, structure);
  const source = text || html.replace(/<[^>]*>/g, " ");
  return {
    raw,
    structure,
    envelope: parseEnvelope(raw),
    // Control characters (NUL above all, which PostgreSQL text refuses) become spaces.
    // eslint-disable-next-line no-control-regex
    preview: source.replace(/[\s\x00-\x1f\x7f]+/g, " ").trim().slice(0, PREVIEW_CHARS),
    hasAttachments: hasAttachment(structure),
  };
}

function hasAttachment(part: MimePart): boolean {
  return part.contentDisposition === "attachment" || part.parts.some(hasAttachment);
}

const APPEND_PIECE = statement("store-append-piece", `UPDATE "MessageContent" SET "raw" = "raw" || $2 WHERE "messageId" = $1`);

const APPEND = statement(
  "store-append-message",
  `WITH mailbox AS (${takeUidSql("$2")}), message AS (
       INSERT INTO "Message" ("accountId", "mailboxId", "uid", "received", "size", ${FLAG_COLUMNS.map((c) => `"${c}"`).join(", ")},
         "keywords", "dsn", "mailFrom", "mailFromValidated", "msgFromValidated", "rcptTo", "dkimVerifiedDomains", "remoteIp",
         "subject", "messageIdHeader", "inReplyTo", "references", "date", "fromAddrs", "toAddrs", "ccAddrs", "bccAddrs",
         "replyToAddrs", "fromSearch", "preview", "structure", "hasAttachments")
       SELECT $1, $2, mailbox.uid, $3, $4, ${FLAG_COLUMNS.map((_, i) => `$${5 + i}`).join(", ")},
         $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36
       FROM mailbox RETURNING "id"
     ), content AS (
       INSERT INTO "MessageContent" ("messageId", "prefix", "raw") SELECT "id", $37, $38 FROM message
     )
     SELECT "id" FROM message`,
);

// Throws code "quota" when the account's quota would be exceeded; nothing is written then. Plain SQL on the
// caller's connection, so it joins the caller's transaction (a Send, an SMTP delivery); a message larger than
// one piece takes several statements, so callers pass a transaction's client.
export async function appendMessage(sql: SqlClient, message: PreparedMessage, target: AppendTarget): Promise<bigint> {
  const size = target.prefix.length + message.raw.length;
  await checkQuota(sql, target.accountId, size);
  const env = message.envelope;
  const first = env.from[0];
  const flags = FLAG_COLUMNS.map((c) => target.flags[c] ?? false);
  const f = target.facts;
  const { rows } = await runStatement<{ id: string }>(sql, APPEND,
    [
      target.accountId,
      target.mailboxId,
      new Date().toISOString(),
      size,
      ...flags,
      target.keywords,
      f.dsn ?? false,
      f.mailFrom ?? "",
      f.mailFromValidated ?? false,
      f.msgFromValidated ?? false,
      f.rcptTo ?? "",
      f.dkimVerifiedDomains ?? [],
      f.remoteIp ?? "",
      env.subject,
      env.messageId,
      env.inReplyTo,
      env.references,
      env.dateInstant?.toISOString() ?? null,
      JSON.stringify(env.from),
      JSON.stringify(env.to),
      JSON.stringify(env.cc),
      JSON.stringify(env.bcc),
      JSON.stringify(env.replyTo),
      first ? `${first.Name} <${first.Address}>`.toLowerCase() : "",
      message.preview,
      JSON.stringify(message.structure),
      message.hasAttachments,
      target.prefix,
      message.raw.subarray(0, PIECE),
    ],
  );
  if (!rows[0]) throw new AppError("server", `mailbox ${target.mailboxId} does not exist`);
  for (let at = PIECE; at < message.raw.length; at += PIECE) {
    await runStatement(sql, APPEND_PIECE, [rows[0].id, message.raw.subarray(at, at + PIECE)]);
  }
  return BigInt(rows[0].id);
}

const QUOTA = statement(
  "store-quota",
  `SELECT a."quotaMessageSize" AS quota,
       CASE WHEN a."quotaMessageSize" = 0 THEN 0 ELSE (SELECT coalesce(sum("size"), 0) FROM "Message" WHERE "accountId" = a."id" AND NOT "expunged") END AS used
     FROM "Account" a WHERE a."id" = $1`,
);

async function checkQuota(sql: SqlClient, accountId: number, size: number): Promise<void> {
  const { rows } = await runStatement<{ quota: string; used: string }>(sql, QUOTA,
    [accountId],
  );
  const quota = BigInt(rows[0]?.quota ?? 0);
  if (quota > 0n && BigInt(rows[0]!.used) + BigInt(size) > quota) {
    throw new AppError("quota", `account over quota of ${quota} bytes`);
  }
}
