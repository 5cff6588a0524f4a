// A mailbox's UIDs only grow (IMAP): every message stored or moved into it takes the next one. The UPDATE
// holds the mailbox's row lock until the transaction ends, so a higher UID never commits before a lower one.
// It is one statement for callers to use as a CTE, keeping the message's own write in the same statement.
export function takeUidSql(mailboxIdParam: string): string {
  return `UPDATE "Mailbox" SET "uidNext" = "uidNext" + 1 WHERE "id" = ${mailboxIdParam} RETURNING "uidNext" - 1 AS uid`;
}
