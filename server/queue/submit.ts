// Adding a composed message to the outgoing queue: one queue row per recipient sharing one stored content,
// DKIM signatures, fromids, hold rules, send limits and history, and the Sent copy, all committed in one
// transaction before the caller answers (spec 1.6 Send steps 6 and 9-13, spec 6).
import { runStatement, statement } from "../db/statement";
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { newFromId } from "../address/fromid";
import { formatAddress, type Address } from "../address/parse";
import { sqlPool, withSqlTransaction, type Db, type SqlClient } from "../db/client";
import { dkimSignatureHeaders, type DkimSigningKey } from "../dkim/sign";
import { AppError } from "../errors";
import { formatMessageDate } from "../message/compose";
import type { DomainInfo } from "../store/address-owner";
import { appendMessage, type PreparedMessage } from "../store/message-append";
import type { Kick } from "./scheduler";
import { heldByRules } from "./hold-rules";
import { checkSendLimits } from "./send-limits";
import { submissionContext } from "./submission-context";

export type SubmitAccount = { id: number; name: string };

export type NewSubmission = {
  account: SubmitAccount;
  // The envelope sender and its domain.
  from: Address;
  fromDomain: DomainInfo;
  // The domain whose DKIM keys sign: the From header's, when it differs from the envelope's (SMTP submission).
  signingDomain?: DomainInfo;
  useFromId: boolean;
  // A fromid the client chose in its MAIL FROM (SMTP submission, single recipient), used instead of a new one.
  clientFromId?: string;
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

// kicks: the delivery runs to ask for once the caller has committed (held rows wait for a release).
export type SubmitResult = { queued: { id: bigint; fromId: string }[]; sentOverQuota: boolean; kicks: Kick[] };

// The hot path, in plain SQL: one query for limits, hold rules and signing keys, one statement for all
// inserts. Without a Sent copy that statement is the whole transaction; with one, both go in one transaction.
export async function submitMessage(db: Db, s: NewSubmission): Promise<SubmitResult> {
  if (!s.sentCopy) return submit(sqlPool(db), s);
  return withSqlTransaction(db, (sql) => submit(sql, s));
}

// For a caller that commits more with the message in its own transaction (an idempotent Send's key).
export const submitInTransaction = (sql: pg.PoolClient, s: NewSubmission): Promise<SubmitResult> => submit(sql, s);

async function submit(sql: SqlClient, s: NewSubmission): Promise<SubmitResult> {
  const recipients = s.recipients.map((r) => formatAddress(r, "unicode"));
  const signing = s.signingDomain ?? s.fromDomain;
  const context = await submissionContext(sql, s.account.id, signing.id, s.now);
  await checkSendLimits(sql, context.counts, recipients);
  const dkim = await dkimSignatureHeaders(s.raw, signing.name, context.keys.map(signingKey));
  const rows = queueRows(s, dkim).map((row) => ({ ...row, hold: heldByRules(context.rules, row) }));
  const ids = await insertQueued(sql, s, rows, recipients);
  const sentOverQuota = !(await saveSentCopy(sql, s, dkim));
  const kicks = rows.filter((r) => !r.hold).map((r) => ({ domain: r.recipientDomain, at: firstAttempt(s) }));
  return { queued: ids.map((id, i) => ({ id, fromId: rows[i]!.fromId })), sentOverQuota, kicks };
}

const firstAttempt = (s: NewSubmission): Date => (s.futureRelease && s.futureRelease > s.now ? s.futureRelease : s.now);

const signingKey = (k: DkimSigningKey): DkimSigningKey => ({ ...k, algorithm: k.algorithm === "ed25519" ? "ed25519" : "rsa" });

type QueueRow = ReturnType<typeof queueRows>[number] & { hold: boolean };

const INSERT_QUEUED = statement(
  "queue-insert",
  `WITH content AS (
       INSERT INTO "QueueContent" ("raw", "created") VALUES ($1, $2) RETURNING "id"
     ), ids AS (
       SELECT nextval(pg_get_serial_sequence('"QueueMessage"', 'id')) AS id, n
       FROM generate_series(1, $3::int) AS n ORDER BY n
     ), rows AS (
       SELECT ids.id, first_value(ids.id) OVER (ORDER BY ids.n) AS first, u.*
       FROM ids JOIN unnest($4::bool[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bytea[])
         WITH ORDINALITY AS u(hold, "fromId", "senderLocalpart", "recipientLocalpart", "recipientDomain", "recipientDomainStr", size, prefix, n)
       ON u.n = ids.n
     ), queued AS (
       INSERT INTO "QueueMessage" ("id", "baseId", "queued", "hold", "senderAccount", "senderLocalpart", "senderDomain",
         "senderDomainStr", "fromId", "recipientLocalpart", "recipientDomain", "recipientDomainStr", "has8bit", "smtputf8",
         "size", "messageIdHeader", "subject", "msgPrefix", "contentId", "requireTls", "nextAttempt",
         "futureReleaseRequest", "extra")
       SELECT rows.id, CASE WHEN $12 THEN rows.first ELSE 0 END, $2, rows.hold, $13, rows."senderLocalpart", $14, $15,
         rows."fromId", rows."recipientLocalpart", rows."recipientDomain", rows."recipientDomainStr", $16, $17, rows.size,
         $18, $19, rows.prefix, content.id, $20, $21, $22, $23
       FROM rows, content RETURNING "id"
     ), history AS (
       INSERT INTO "SendHistory" ("accountId", "recipient", "sent") SELECT $24, unnest($25::text[]), $2
     )
     SELECT "id" FROM queued ORDER BY "id"`,
);

// The content, one queue row per recipient and the send history in one statement. Ids are taken from the
// sequence in recipient order, so QueueMsgIDs follow To, CC, BCC.
async function insertQueued(sql: SqlClient, s: NewSubmission, rows: QueueRow[], recipients: string[]): Promise<bigint[]> {
  const per = <T>(f: (r: QueueRow) => T) => rows.map(f);
  const { rows: inserted } = await runStatement<{ id: string }>(sql, INSERT_QUEUED,
    [
      s.raw,
      s.now.toISOString(),
      rows.length,
      per((r) => r.hold),
      per((r) => r.fromId),
      per((r) => r.senderLocalpart),
      per((r) => r.recipientLocalpart),
      per((r) => r.recipientDomain),
      per((r) => r.recipientDomainStr),
      per((r) => r.size),
      per((r) => r.msgPrefix),
      // Rows share a base id when they are identical but for the recipient: no fromids, no "for" clause.
      !rows[0]!.fromId && rows.length > 1,
      s.account.name,
      s.from.domain.ascii,
      s.from.domain.unicode,
      s.has8bit,
      s.smtputf8,
      s.messageId,
      s.subject,
      s.requireTls,
      firstAttempt(s).toISOString(),
      s.futureRelease ? `until;${s.futureRelease.toISOString()}` : "",
      JSON.stringify(s.extra),
      s.account.id,
      recipients,
    ],
  );
  return inserted.map((r) => BigInt(r.id));
}

function queueRows(s: NewSubmission, dkim: string) {
  const separator = s.fromDomain.localpartCatchallSeparators[0];
  if (s.useFromId && !separator) {
    throw new AppError("user", `domain ${s.fromDomain.unicodeName} has no catchall separator, which fromids need`);
  }
  const base = separator ? s.from.localpart.split(separator)[0]! : s.from.localpart;
  return s.recipients.map((rcpt) => {
    const fromId = s.clientFromId || (s.useFromId ? newFromId() : "");
    const msgPrefix = Buffer.from(receivedHeader(s, s.recipients.length === 1 ? rcpt : null) + dkim);
    return {
      senderAccount: s.account.name,
      senderLocalpart: fromId ? `${base}${separator}${fromId}` : s.from.localpart,
      senderDomainStr: s.from.domain.unicode,
      fromId,
      recipientLocalpart: rcpt.localpart,
      recipientDomain: rcpt.domain.ascii,
      recipientDomainStr: rcpt.domain.unicode,
      size: msgPrefix.length + s.raw.length,
      msgPrefix,
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

// Returns false when the copy did not fit the account's quota; the queued message stands regardless.
async function saveSentCopy(sql: SqlClient, s: NewSubmission, dkim: string): Promise<boolean> {
  if (!s.sentCopy) return true;
  try {
    await appendMessage(sql, s.sentCopy.message, {
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
