// Storing a message in a mailbox. Parsing happens before the transaction (it can be slow on large mail and
// needs no locks); the insert takes the mailbox row lock only to hand out the next UID.
import { dbBytes } from "../db/bytes";
import type { Tx } from "../db/client";
import { AppError } from "../errors";
import { parseEnvelope, selectText, type Envelope } from "../message/envelope";
import { parseStructure, type MimePart } from "../message/structure";
import type { FlagColumns } from "./flags";

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

export function prepareMessage(raw: Buffer): PreparedMessage {
  const structure = parseStructure(raw);
  const { text, html } = selectText(raw, structure);
  const source = text || html.replace(/<[^>]*>/g, " ");
  return {
    raw,
    structure,
    envelope: parseEnvelope(raw),
    preview: source.replace(/\s+/g, " ").trim().slice(0, PREVIEW_CHARS),
    hasAttachments: hasAttachment(structure),
  };
}

function hasAttachment(part: MimePart): boolean {
  return part.contentDisposition === "attachment" || part.parts.some(hasAttachment);
}

// Throws code "quota" when the account's quota would be exceeded; nothing is written then.
export async function appendMessage(tx: Tx, message: PreparedMessage, target: AppendTarget): Promise<bigint> {
  const size = BigInt(target.prefix.length + message.raw.length);
  await checkQuota(tx, target.accountId, size);
  const mailbox = await tx.mailbox.update({ where: { id: target.mailboxId }, data: { uidNext: { increment: 1 } } });
  const env = message.envelope;
  const first = env.from[0];
  const created = await tx.message.create({
    data: {
      accountId: target.accountId,
      mailboxId: target.mailboxId,
      uid: mailbox.uidNext - 1,
      size,
      ...target.flags,
      keywords: target.keywords,
      ...target.facts,
      subject: env.subject,
      messageIdHeader: env.messageId,
      inReplyTo: env.inReplyTo,
      references: env.references,
      date: env.dateInstant,
      fromAddrs: env.from,
      toAddrs: env.to,
      ccAddrs: env.cc,
      bccAddrs: env.bcc,
      replyToAddrs: env.replyTo,
      fromSearch: first ? `${first.Name} <${first.Address}>`.toLowerCase() : "",
      preview: message.preview,
      structure: message.structure,
      hasAttachments: message.hasAttachments,
      content: { create: { prefix: dbBytes(target.prefix), raw: dbBytes(message.raw) } },
    },
    select: { id: true },
  });
  return created.id;
}

async function checkQuota(tx: Tx, accountId: number, size: bigint): Promise<void> {
  const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { quotaMessageSize: true } });
  if (account.quotaMessageSize === 0n) return;
  const used = await tx.message.aggregate({ where: { accountId, expunged: false }, _sum: { size: true } });
  if ((used._sum.size ?? 0n) + size > account.quotaMessageSize) {
    throw new AppError("quota", `account over quota of ${account.quotaMessageSize} bytes`);
  }
}
