// Admin Fail and Drop (spec 3.7): the selected messages leave the queue with a "delivery canceled by admin"
// result (or "by the sender" when the account itself cancels); Fail sends the sender a failure DSN and emits
// "failed", Drop sends nothing and emits "canceled".
import { withSqlTransaction, type SqlClient } from "../db/client";
import { headerSection } from "../message/header";
import { selectQueueIds } from "./admin";
import type { QueueFilter } from "./filter";
import { recordOutcomes, type OutcomeDeps } from "./outcome";
import { QUEUE_COLUMNS, toQueuedMessage, type QueuedMessage } from "./queued-message";

export type CanceledBy = "admin" | "sender";

export function queueFail(deps: OutcomeDeps, filter: QueueFilter): Promise<number> {
  return cancel(deps, filter, "fail", "admin");
}

export function queueDrop(deps: OutcomeDeps, filter: QueueFilter, by: CanceledBy = "admin"): Promise<number> {
  return cancel(deps, filter, "drop", by);
}

async function cancel(deps: OutcomeDeps, filter: QueueFilter, admin: "fail" | "drop", by: CanceledBy): Promise<number> {
  const now = deps.clock.now();
  const { messages, headers } = await withSqlTransaction(deps.db, async (sql) => {
    const ids = await selectQueueIds(sql, filter, now);
    const rows = await loadMessages(sql, ids);
    return { messages: rows, headers: await loadHeaders(sql, rows) };
  });
  if (messages.length === 0) return 0;
  await recordOutcomes(
    deps,
    null,
    messages.map((message) => ({ message, outcome: { ok: false, permanent: true, code: 0, secode: "", error: by === "admin" ? "delivery canceled by admin" : "delivery canceled by the sender", lines: [], admin } })),
    { start: now, durationMs: 0, headers: (m) => Buffer.concat([m.msgPrefix, headers.get(m.contentId.toString()) ?? Buffer.alloc(0)]), webhooks: true },
  );
  return messages.length;
}

async function loadMessages(sql: SqlClient, ids: bigint[]): Promise<QueuedMessage[]> {
  const { rows } = await sql.query(`SELECT ${QUEUE_COLUMNS} FROM "QueueMessage" WHERE "id" = ANY($1::bigint[]) ORDER BY "id"`, [ids.map(String)]);
  return rows.map(toQueuedMessage);
}

// The original header section of each message's content, for the DSN's third part.
async function loadHeaders(sql: SqlClient, messages: QueuedMessage[]): Promise<Map<string, Buffer>> {
  const contentIds = [...new Set(messages.map((m) => m.contentId.toString()))];
  const { rows } = await sql.query<{ id: string; raw: Buffer }>(`SELECT "id", "raw" FROM "QueueContent" WHERE "id" = ANY($1::bigint[])`, [contentIds]);
  return new Map(rows.map((r) => [r.id, headerSection(r.raw)]));
}
