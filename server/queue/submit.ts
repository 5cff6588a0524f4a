// Adding a composed message to the outgoing queue: one queue row per recipient sharing one stored content,
// DKIM signatures, fromids, hold rules, send limits and history, and the Sent copy, all committed in one
// transaction before the caller answers (spec 1.6 Send steps 6 and 9-13, spec 6).
import { randomBytes } from "node:crypto";
import { formatAddress, type Address } from "../address/parse";
import { dbBytes } from "../db/bytes";
import type { Db, Tx } from "../db/client";
import type { Domain } from "../db/generated/client";
import { dkimSignatureHeaders, type DkimSigningKey } from "../dkim/sign";
import { AppError } from "../errors";
import { formatMessageDate } from "../message/compose";
import { appendMessage, type PreparedMessage } from "../store/message-append";
import { newFromId } from "./fromid";
import { heldByRules } from "./hold-rules";
import { checkSendLimits, recordSends } from "./send-limits";

export type SubmitAccount = { id: number; name: string; maxOutgoingMessagesPerDay: number; maxFirstTimeRecipientsPerDay: number };

export type NewSubmission = {
  account: SubmitAccount;
  from: Address;
  fromDomain: Domain;
  useFromId: boolean;
  // In To, CC, BCC order; one queue row each.
  recipients: Address[];
  raw: Buffer;
  has8bit: boolean;
  smtputf8: boolean;
  messageId: string;
  subject: string;
  extra: Record<string, string>;
  requireTls: boolean | null;
  futureRelease: Date | null;
  // Parsed Sent copy; null when not wanted or the account has no Sent mailbox.
  sentCopy: { message: PreparedMessage; mailboxId: number } | null;
  received: { fromIp: string; hostname: string; protocol: string };
  now: Date;
};

export type SubmitResult = { queued: { id: bigint; fromId: string }[]; sentOverQuota: boolean };

export async function submitMessage(db: Db, s: NewSubmission): Promise<SubmitResult> {
  const dkim = await dkimSignatureHeaders(s.raw, s.fromDomain.name, await signingKeys(db, s.fromDomain.id));
  const rows = queueRows(s, dkim);
  const recipients = s.recipients.map((r) => formatAddress(r, "unicode"));
  let sentOverQuota = false;
  const ids = await db.$transaction(async (tx) => {
    await checkSendLimits(tx, s.account.id, s.account, recipients, s.now);
    const rules = await tx.holdRule.findMany();
    const ids = await reserveQueueIds(tx, rows.length);
    const content = await tx.queueContent.create({ data: { raw: dbBytes(s.raw) }, select: { id: true } });
    const baseId = s.useFromId || rows.length === 1 ? 0n : ids[0]!;
    await tx.queueMessage.createMany({
      data: rows.map((row, i) => ({ ...row, id: ids[i]!, baseId, contentId: content.id, hold: heldByRules(rules, row) })),
    });
    await recordSends(tx, s.account.id, recipients, s.now);
    sentOverQuota = !(await saveSentCopy(tx, s, dkim));
    return ids;
  });
  return { queued: ids.map((id, i) => ({ id, fromId: rows[i]!.fromId })), sentOverQuota };
}

async function signingKeys(db: Db, domainId: number): Promise<DkimSigningKey[]> {
  const keys = await db.dkimKey.findMany({ where: { domainId, sign: true }, orderBy: { id: "asc" } });
  return keys.map((k) => ({ ...k, algorithm: k.algorithm === "ed25519" ? "ed25519" : "rsa" }));
}

function queueRows(s: NewSubmission, dkim: string) {
  const separator = s.fromDomain.localpartCatchallSeparators[0];
  if (s.useFromId && !separator) {
    throw new AppError("user", `domain ${s.fromDomain.unicodeName} has no catchall separator, which fromids need`);
  }
  const base = separator ? s.from.localpart.split(separator)[0]! : s.from.localpart;
  return s.recipients.map((rcpt) => {
    const fromId = s.useFromId ? newFromId() : "";
    const msgPrefix = dbBytes(Buffer.from(receivedHeader(s, s.recipients.length === 1 ? rcpt : null) + dkim));
    return {
      senderAccount: s.account.name,
      senderLocalpart: fromId ? `${base}${separator}${fromId}` : s.from.localpart,
      senderDomain: s.from.domain.ascii,
      senderDomainStr: s.from.domain.unicode,
      fromId,
      recipientLocalpart: rcpt.localpart,
      recipientDomain: rcpt.domain.ascii,
      recipientDomainStr: rcpt.domain.unicode,
      has8bit: s.has8bit,
      smtputf8: s.smtputf8,
      size: BigInt(msgPrefix.length + s.raw.length),
      messageIdHeader: s.messageId,
      subject: s.subject,
      msgPrefix,
      requireTls: s.requireTls,
      nextAttempt: s.futureRelease && s.futureRelease > s.now ? s.futureRelease : s.now,
      queued: s.now,
      futureReleaseRequest: s.futureRelease ? `until;${s.futureRelease.toISOString()}` : "",
      extra: s.extra,
    };
  });
}

// The trace header a relay adds. "for" names the recipient only when there is exactly one, so recipients do
// not learn about each other.
function receivedHeader(s: NewSubmission, only: Address | null): string {
  const id = randomBytes(9).toString("base64url");
  const forClause = only ? `\r\n\tfor <${formatAddress(only, s.smtputf8 ? "unicode" : "ascii")}>` : "";
  const date = formatMessageDate({ instant: s.now, offsetMinutes: 0 });
  return `Received: from [${s.received.fromIp}] by ${s.received.hostname} with ${s.received.protocol} id ${id}${forClause};\r\n\t${date}\r\n`;
}

async function reserveQueueIds(tx: Tx, n: number): Promise<bigint[]> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT nextval(pg_get_serial_sequence('"QueueMessage"', 'id')) AS id FROM generate_series(1, ${n})`;
  return rows.map((r) => r.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// Returns false when the copy did not fit the account's quota; the queued message stands regardless.
async function saveSentCopy(tx: Tx, s: NewSubmission, dkim: string): Promise<boolean> {
  if (!s.sentCopy) return true;
  try {
    await appendMessage(tx, s.sentCopy.message, {
      accountId: s.account.id,
      mailboxId: s.sentCopy.mailboxId,
      prefix: Buffer.from(dkim),
      flags: { seen: true, notjunk: true },
      keywords: [],
      facts: {},
    });
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === "quota") return false;
    throw err;
  }
}
