// Idempotent Send (beyond mox): an Idempotency-Key header names one Send of the account for 24 hours. A repeat
// of the same request gets the first answer without queueing again; the key with another request is refused.
// The key is claimed in the transaction that queues the message, so concurrent repeats, on any web process,
// wait on the key's row until the first commits and then read its answer. A Send that fails rolls its claim
// back: the client may try again with the same key.
import { createHash } from "node:crypto";
import type pg from "pg";
import { sqlPool, withSqlTransaction, type Db, type SqlClient } from "../db/client";
import { AppError } from "../errors";
import { submitInTransaction, type NewSubmission, type SubmitResult } from "../queue/submit";
import type { WebapiContext } from "./context";
import type { UploadedFile } from "./form";

const WINDOW_MS = 24 * 3600 * 1000;
const MAX_KEY_LENGTH = 255;

export type IdempotentSend = { key: string; requestHash: string };

// What a repeat answers: the first call's status and JSON body, byte for byte.
export class ReplayedAnswer {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {}
}

// header: the Idempotency-Key values, one per header line as node:http gives them; absent for an ordinary Send.
export function idempotencyOf(header: string[] | undefined, request: unknown, files: UploadedFile[]): IdempotentSend | null {
  return header ? { key: checkKey(header), requestHash: requestHash(request, files) } : null;
}

function checkKey(values: string[]): string {
  if (values.length > 1) throw new AppError("user", `Idempotency-Key header given ${values.length} times; give it once`);
  const key = values[0]!;
  if (!key) throw new AppError("user", `Idempotency-Key header is empty; it must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters`);
  if (key.length > MAX_KEY_LENGTH) {
    throw new AppError("user", `Idempotency-Key header is ${key.length} characters long; at most ${MAX_KEY_LENGTH} are allowed`);
  }
  // node:http reads header values as latin1: a character here is one byte of the request.
  const bad = /[^\x20-\x7e]/.exec(key);
  if (bad) {
    const byte = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(2, "0");
    throw new AppError("user", `Idempotency-Key header has byte 0x${byte} at position ${bad.index + 1}; only printable ASCII (0x20 to 0x7E) is allowed`);
  }
  return key;
}

// Over the parsed request (field names as mox spells them, defaults filled in, map keys sorted) and each upload's
// form field, name, type, Content-ID and bytes: two calls that mean the same Send hash alike.
function requestHash(request: unknown, files: UploadedFile[]): string {
  const hash = createHash("sha256").update(JSON.stringify(request, sortedKeys));
  for (const f of files) hash.update(JSON.stringify([f.field, f.name, f.contentType, f.contentId, f.data.length])).update(f.data);
  return hash.digest("hex");
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const windowStart = (now: Date) => new Date(now.getTime() - WINDOW_MS).toISOString();

// The answer of an earlier Send with this key within the window, or null when there is none.
export async function earlierAnswer(sql: SqlClient, accountId: number, call: IdempotentSend, now: Date): Promise<ReplayedAnswer | null> {
  const { rows } = await sql.query<{ requestHash: string; status: number; response: string }>(
    `SELECT "requestHash", "status", "response" FROM "SendIdempotencyKey" WHERE "accountId" = $1 AND "key" = $2 AND "created" >= $3`,
    [accountId, call.key, windowStart(now)],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.requestHash !== call.requestHash) {
    throw new AppError("user", `Idempotency-Key ${JSON.stringify(call.key)} was used for a different request within the last 24 h; use a new key for a new request`);
  }
  return new ReplayedAnswer(row.status, row.response);
}

// Queues the message and stores its answer under the key in one transaction, then asks for delivery. The
// answer is what answer() returns, or the API error it throws for a Send that queued its message anyway.
export async function submitOnce<T>(
  ctx: WebapiContext,
  call: IdempotentSend,
  submission: NewSubmission,
  answer: (result: SubmitResult) => T,
): Promise<T | ReplayedAnswer> {
  const done = await withSqlTransaction(ctx.db, async (sql) => {
    const earlier = await claim(sql, ctx.account.id, call, ctx.now);
    if (earlier) return earlier;
    const result = await submitInTransaction(sql, submission);
    const settled = settle(() => answer(result));
    await sql.query(`UPDATE "SendIdempotencyKey" SET "status" = $3, "response" = $4 WHERE "accountId" = $1 AND "key" = $2`, [
      ctx.account.id,
      call.key,
      settled.status,
      settled.body,
    ]);
    return { kicks: result.kicks, settled };
  });
  if (done instanceof ReplayedAnswer) return done;
  ctx.kick(done.kicks);
  if ("error" in done.settled) throw done.settled.error;
  return done.settled.value;
}

// Takes the key (a new one, or one whose row has expired), or returns the answer of the Send holding it. A
// concurrent holder's uncommitted row makes the insert wait until that Send commits (its answer is read) or
// rolls back (the key is taken here). The row stays locked until this transaction ends.
async function claim(sql: pg.PoolClient, accountId: number, call: IdempotentSend, now: Date): Promise<ReplayedAnswer | null> {
  const { rowCount } = await sql.query(
    `INSERT INTO "SendIdempotencyKey" ("accountId", "key", "requestHash", "status", "response", "created")
     VALUES ($1, $2, $3, 0, '', $4)
     ON CONFLICT ("accountId", "key") DO UPDATE SET "requestHash" = EXCLUDED."requestHash", "created" = EXCLUDED."created"
     WHERE "SendIdempotencyKey"."created" < $5`,
    [accountId, call.key, call.requestHash, now.toISOString(), windowStart(now)],
  );
  return rowCount ? null : earlierAnswer(sql, accountId, call, now);
}

// The body as the webapi writes it: the value (200), or the API error (400).
function settle<T>(answer: () => T): { status: 200; body: string; value: T } | { status: 400; body: string; error: AppError } {
  try {
    const value = answer();
    return { status: 200, body: JSON.stringify(value), value };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { status: 400, body: JSON.stringify({ Code: err.code, Message: err.message }), error: err };
  }
}

// Upkeep: keys older than the window are ignored already; this removes their rows.
export async function deleteExpiredIdempotencyKeys(db: Db, now = new Date()): Promise<number> {
  const { rowCount } = await sqlPool(db).query(`DELETE FROM "SendIdempotencyKey" WHERE "created" < $1`, [windowStart(now)]);
  return rowCount ?? 0;
}
