// Post-processing of a received message (spec 6, 7.3, 2.6), run by a worker after the SMTP transaction: a
// message to a fromid address that matches a retired outgoing message becomes an outgoing event about that
// message (DSN or not); anything else becomes an incoming-message event. The task row is locked, worked and
// deleted in one transaction, so a job that runs twice or late does nothing the second time.
import { sqlPool, withSqlTransaction, type Db, type SqlClient } from "../db/client";
import { errorText } from "../errors";
import type { Logger } from "../log/logger";
import { parseStructure, type MimePart } from "../message/structure";
import type { Clock } from "../runtime/clock";
import { queueIncomingEvent } from "../webhook/incoming-events";
import { matchFromId } from "./fromid-match";
import type { ReceivedMessage } from "./received-message";

export type IncomingDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  // Asks for another try of a task that failed, at its next attempt.
  retry: (messageId: bigint, at: Date) => Promise<void>;
};

type TaskRow = {
  id: string;
  accountId: number;
  account: string;
  hasIncomingHook: boolean;
  mailbox: string;
  rcptTo: string;
  mailFrom: string;
  mailFromValidated: boolean;
  msgFromValidated: boolean;
  dkimVerifiedDomains: string[];
  remoteIp: string;
  received: Date;
  structure: MimePart | null;
  raw: Buffer;
};

// Returns what happened, for logs and tests: "matched" (an outgoing event), "incoming", or "none" (no due task).
export async function processIncoming(deps: IncomingDeps, messageId: bigint): Promise<"matched" | "incoming" | "none"> {
  const now = deps.clock.now();
  try {
    return await withSqlTransaction(deps.db, async (sql) => {
      const row = await lockTask(sql, messageId, now);
      if (!row) return "none";
      const message = receivedMessage(row);
      const matched = await matchFromId(sql, message, now);
      if (!matched && row.hasIncomingHook) await queueIncomingEvent(sql, { accountId: message.accountId, raw: message.raw, structure: message.structure, facts: message.facts }, now);
      await sql.query(`DELETE FROM "IncomingTask" WHERE "messageId" = $1`, [messageId.toString()]);
      return matched ? "matched" : "incoming";
    });
  } catch (err) {
    await postpone(deps, messageId, errorText(err), now);
    throw err;
  }
}

async function lockTask(sql: SqlClient, messageId: bigint, now: Date): Promise<TaskRow | null> {
  const { rows } = await sql.query<TaskRow>(
    `SELECT m."id", m."accountId", a."name" AS account, a."incomingWebhookUrl" <> '' AS "hasIncomingHook", b."name" AS mailbox, m."rcptTo", m."mailFrom", m."mailFromValidated",
       m."msgFromValidated", m."dkimVerifiedDomains", m."remoteIp", m."received", m."structure", c."raw"
     FROM "IncomingTask" t
     JOIN "Message" m ON m."id" = t."messageId"
     JOIN "Account" a ON a."id" = m."accountId"
     JOIN "Mailbox" b ON b."id" = m."mailboxId"
     JOIN "MessageContent" c ON c."messageId" = m."id"
     WHERE t."messageId" = $1 AND t."nextAttempt" <= $2
     FOR UPDATE OF t SKIP LOCKED`,
    [messageId.toString(), now.toISOString()],
  );
  return rows[0] ?? null;
}

function receivedMessage(row: TaskRow): ReceivedMessage {
  return {
    id: BigInt(row.id),
    accountId: row.accountId,
    account: row.account,
    raw: row.raw,
    structure: row.structure ?? parseStructure(row.raw),
    facts: {
      msgId: BigInt(row.id),
      mailFrom: row.mailFrom,
      mailFromValidated: row.mailFromValidated,
      msgFromValidated: row.msgFromValidated,
      rcptTo: row.rcptTo,
      dkimVerifiedDomains: row.dkimVerifiedDomains,
      remoteIp: row.remoteIp,
      received: row.received,
      mailboxName: row.mailbox,
    },
  };
}

// A failure (a bug, or the database going away) is retried with a doubling delay, up to six hours; the error
// stays on the row for the admin to see.
async function postpone(deps: IncomingDeps, messageId: bigint, error: string, now: Date): Promise<void> {
  try {
    const { rows } = await sqlPool(deps.db).query<{ nextAttempt: Date; attempts: number }>(
      `UPDATE "IncomingTask" SET "attempts" = "attempts" + 1, "lastError" = $2,
         "nextAttempt" = $3::timestamp + least(interval '6 hours', interval '1 minute' * power(2, "attempts"))
       WHERE "messageId" = $1 RETURNING "nextAttempt", "attempts"`,
      [messageId.toString(), error, now.toISOString()],
    );
    if (!rows[0]) return;
    await deps.retry(messageId, rows[0].nextAttempt);
    deps.logger.error({ messageId: messageId.toString(), attempts: rows[0].attempts, err: error }, "processing received message failed, will retry");
  } catch (err) {
    deps.logger.error({ messageId: messageId.toString(), err: errorText(err) }, "processing received message failed, retry not recorded");
  }
}
