// Storing a received message in its recipients' mailboxes. All copies and their post-processing tasks are
// committed in one transaction before the sender hears 250: after that nothing may be lost, and the task rows
// are what brings fromid matching and webhooks back after a crash or a flushed Redis. An account gets one copy
// however many of its addresses the envelope names (user@, user+a@, user+b@ ...): the first of them decides
// the mailbox and is the copy's RcptTo, so 100 recipients at one account do not store the content 100 times.
import { runStatement, statement } from "../db/statement";
import { withSqlTransaction, type Db, type SqlClient } from "../db/client";
import { isDsnStructure } from "../dsn/incoming-classify";
import { appendMessage, type DeliveryFacts, type PreparedMessage } from "../store/message-append";

export type ReceivedCopy = {
  accountId: number;
  // The destination's mailbox; Inbox when the account has no mailbox of that name.
  mailbox: string;
  // RCPT TO as localpart@domain.
  rcptTo: string;
};

export type ReceivedFacts = Omit<DeliveryFacts, "rcptTo" | "dsn">;

const INSERT_TASKS = statement(
  "incoming-insert-tasks",
  `INSERT INTO "IncomingTask" ("messageId", "created", "nextAttempt") SELECT unnest($1::bigint[]), $2, $2`,
);

export async function deliverReceived(db: Db, message: PreparedMessage, prefix: Buffer, copies: ReceivedCopy[], facts: ReceivedFacts, now: Date): Promise<bigint[]> {
  const dsn = isDsnStructure(message.structure);
  return withSqlTransaction(db, async (sql) => {
    const ids: bigint[] = [];
    for (const copy of onePerAccount(copies)) {
      const mailboxId = await destinationMailbox(sql, copy);
      ids.push(await appendMessage(sql, message, { accountId: copy.accountId, mailboxId, prefix, flags: {}, keywords: [], facts: { ...facts, dsn, rcptTo: copy.rcptTo } }));
    }
    await runStatement(sql, INSERT_TASKS, [ids.map(String), now.toISOString()]);
    return ids;
  });
}

function onePerAccount(copies: ReceivedCopy[]): ReceivedCopy[] {
  const first = new Map<number, ReceivedCopy>();
  for (const copy of copies) if (!first.has(copy.accountId)) first.set(copy.accountId, copy);
  return [...first.values()];
}

const DESTINATION_MAILBOX = statement(
  "incoming-destination-mailbox",
  `SELECT "id" FROM "Mailbox" WHERE "accountId" = $1 ORDER BY ("name" = $2) DESC, ("name" = 'Inbox') DESC, "id" LIMIT 1`,
);

async function destinationMailbox(sql: SqlClient, copy: ReceivedCopy): Promise<number> {
  const { rows } = await runStatement<{ id: number }>(sql, DESTINATION_MAILBOX,
    [copy.accountId, copy.mailbox],
  );
  if (!rows[0]) throw new Error(`account ${copy.accountId} has no mailbox to deliver to`);
  return rows[0].id;
}
