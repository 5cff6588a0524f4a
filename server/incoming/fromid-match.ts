// Matching a received message to the outgoing message it is about (spec 6, 7.3). Outgoing messages sent with
// fromids have a unique envelope sender; a reply or bounce to that address names the fromid after the domain's
// first catchall separator. A match records the message on the retired message, may suppress the recipient,
// and becomes an outgoing event instead of an incoming one.
import { parseDomain } from "../address/domain";
import { fromIdInLocalpart } from "../address/fromid";
import { parseAddress, type Address } from "../address/parse";
import type { SqlClient } from "../db/client";
import { classifyIncoming, type IncomingClassification } from "../dsn/incoming-classify";
import { suppressAfterFailure } from "../suppression/automatic";
import { queueOutgoingEvents } from "../webhook/outgoing-events";
import { goTime } from "../webhook/payload-json";
import type { ReceivedMessage } from "./received-message";

type Retired = {
  id: string;
  fromId: string;
  messageIdHeader: string;
  subject: string;
  extra: Record<string, string>;
  recipientLocalpart: string;
  recipientDomain: string;
};

// Returns false when the message is not about a retired outgoing message (no fromid, or none matches).
export async function matchFromId(sql: SqlClient, message: ReceivedMessage, now: Date): Promise<boolean> {
  const fromId = await fromIdOf(sql, message.facts.rcptTo);
  if (!fromId) return false;
  // Messages still in the queue are not matched, and the fromid is looked up in all accounts (spec 6, quirk 9).
  const { rows } = await sql.query<Retired>(
    `SELECT "id", "fromId", "messageIdHeader", "subject", "extra", "recipientLocalpart", "recipientDomain"
     FROM "RetiredMessage" WHERE "fromId" = $1 ORDER BY "id" LIMIT 1 FOR UPDATE`,
    [fromId],
  );
  const retired = rows[0];
  if (!retired) return false;
  const c = classifyIncoming(message.raw, message.structure);
  await recordResult(sql, retired, c, now);
  const suppressing = c.event === "failed" && (await suppressRecipient(sql, message.account, retired, c));
  await queueOutgoingEvents(
    sql,
    [
      {
        account: message.account,
        event: c.event,
        dsn: c.dsn,
        suppressing,
        queueMsgId: BigInt(retired.id),
        fromId,
        messageId: retired.messageIdHeader,
        subject: retired.subject,
        smtpCode: c.code,
        secode: c.secode,
        // Events from incoming messages carry no error text (spec 2.5); the result on the retired message does.
        error: "",
        extra: retired.extra,
      },
    ],
    now,
  );
  return true;
}

async function fromIdOf(sql: SqlClient, rcptTo: string): Promise<string> {
  let address: Address;
  try {
    address = parseAddress(rcptTo);
  } catch {
    return "";
  }
  const { rows } = await sql.query<{ separators: string[] }>(
    `SELECT "localpartCatchallSeparators" AS separators FROM "Domain" WHERE "name" = $1`,
    [address.domain.ascii],
  );
  return fromIdInLocalpart(address.localpart, rows[0]?.separators ?? []);
}

async function recordResult(sql: SqlClient, retired: Retired, c: IncomingClassification, now: Date): Promise<void> {
  const result = { Start: goTime(now), Duration: 0, Success: c.success, Code: c.code, Secode: c.secode, Error: c.error };
  await sql.query(`UPDATE "RetiredMessage" SET "results" = "results" || $2::jsonb, "lastActivity" = $3 WHERE "id" = $1`, [
    retired.id,
    JSON.stringify([result]),
    now.toISOString(),
  ]);
}

function suppressRecipient(sql: SqlClient, account: string, retired: Retired, c: IncomingClassification): Promise<boolean> {
  const recipient = { localpart: retired.recipientLocalpart, domain: parseDomain(retired.recipientDomain) };
  return suppressAfterFailure(sql, { account, recipient, code: c.code, secode: c.secode, source: "DSN", messageId: BigInt(retired.id), attempt: 0, retired: true });
}
