// What an attempt's result does to each message (spec 3.2-3.5): delivered and permanent failures leave the
// queue with a DSN, suppression and event as the spec says; temporary failures stay for the next attempt. All
// of a batch's bookkeeping is one transaction (or one statement, when that is all it takes).
import { runStatement, statement } from "../db/statement";
import type pg from "pg";
import { parseDomain } from "../address/domain";
import { inTransaction, withSqlTransaction, type SqlClient } from "../db/client";
import type { RecipientOutcome } from "../smtp-client/client";
import { deliverDsnToSender, type SenderDsn } from "../dsn/deliver-to-sender";
import { suppressAfterFailure } from "../suppression/automatic";
import { goTime } from "../webhook/payload-json";
import { queueOutgoingEvents, type OutgoingEvent, type OutgoingEventName } from "../webhook/outgoing-events";
import { DELIVERING } from "./claim";
import type { DeliveryDeps } from "./delivery-deps";
import { maxAttemptsOf, recipientAddress, senderAddress, type MsgResult, type QueuedMessage } from "./queued-message";
import { retireMessages } from "./retire";

// One recipient's result of an attempt, as the SMTP client reports it, plus what only the queue knows.
export type AttemptOutcome = Omit<RecipientOutcome, "recipient"> & {
  remoteMta?: { name: string; ip: string };
  // The recipient is on the sender's suppression list; no server was contacted.
  suppressed?: boolean;
  // An admin ended delivery: "fail" sends a failure DSN, "drop" does not; neither adds a suppression.
  admin?: "fail" | "drop";
};

export type Attempted = { message: QueuedMessage; outcome: AttemptOutcome };

// The delayed DSN goes out once, after this many failed attempts.
const DELAYED_DSN_AFTER = 5;
// What the delayed DSN promises as the last retry, counted from the last attempt.
const WILL_RETRY_HOURS = 28;

type Fate = "delivered" | "delayed" | "failed" | "suppressed" | "canceled";

function fateOf({ message, outcome }: Attempted): Fate {
  if (outcome.ok) return "delivered";
  if (outcome.admin) return outcome.admin === "drop" ? "canceled" : "failed";
  if (outcome.suppressed) return "suppressed";
  return outcome.permanent || message.attempts >= maxAttemptsOf(message) ? "failed" : "delayed";
}

// webhooks: whether the sender's account has an outgoing webhook at all; without one no event can be queued.
export type RecordContext = { start: Date; durationMs: number; headers: (m: QueuedMessage) => Buffer; webhooks: boolean };

export type OutcomeDeps = Pick<DeliveryDeps, "db" | "clock" | "logger" | "hostname" | "localserve" | "schedule">;

export async function recordOutcomes(deps: OutcomeDeps, sql: pg.PoolClient | null, attempted: Attempted[], ctx: RecordContext): Promise<void> {
  const now = deps.clock.now();
  const run = (client: SqlClient) => record(deps, client, attempted, ctx, now);
  // The common case, deliveries without webhooks, is a single statement and needs no transaction.
  if (sql && !ctx.webhooks && attempted.every((a) => a.outcome.ok)) await run(sql);
  else if (sql) await inTransaction(sql, run);
  else await withSqlTransaction(deps.db, run);
  const delayed = attempted.filter((a) => fateOf(a) === "delayed");
  for (const { message } of delayed) await deps.schedule(message.recipientDomain, message.nextAttempt);
}

async function record(deps: OutcomeDeps, sql: SqlClient, attempted: Attempted[], ctx: RecordContext, now: Date): Promise<void> {
  const entries = attempted.map((a) => ({ ...a, fate: fateOf(a), results: withResult(a, ctx) }));
  const suppressing = new Set<bigint>();
  for (const e of entries.filter((e) => e.fate === "failed" && !e.outcome.admin)) {
    const recipient = { localpart: e.message.recipientLocalpart, domain: parseDomain(e.message.recipientDomain) };
    const added = await suppressAfterFailure(sql, { account: e.message.senderAccount, recipient, code: e.outcome.code, secode: e.outcome.secode, source: "queue", messageId: e.message.id, attempt: e.message.attempts });
    if (added) suppressing.add(e.message.id);
  }
  const leaving = entries.filter((e) => e.fate !== "delayed");
  const retired = await retireMessages(
    sql,
    leaving.map((e) => ({ message: e.message, results: e.results, lastAttempt: e.message.lastAttempt ?? now, success: e.fate === "delivered" })),
    now,
  );
  const staying = entries.filter((e) => e.fate === "delayed");
  const updated = await updateResults(sql, staying.map((e) => ({ id: e.message.id, results: e.results })));
  const recorded = entries.filter((e) => retired.has(e.message.id) || updated.has(e.message.id));
  if (ctx.webhooks) await queueOutgoingEvents(sql, recorded.map((e) => eventFor(deps, e, suppressing.has(e.message.id))), now);
  for (const e of recorded) {
    const dsn = dsnFor(e, ctx, now);
    if (!dsn) continue;
    const delivery = await deliverDsnToSender(sql, deps.hostname, dsn);
    if (!delivery.delivered) deps.logger.warn({ msg: e.message.id.toString(), reason: delivery.reason }, "dsn not delivered");
  }
}

// The claim appended a "delivering..." placeholder; the real result replaces it.
function withResult({ message, outcome }: Attempted, ctx: RecordContext): MsgResult[] {
  const result: MsgResult = {
    Start: goTime(ctx.start),
    Duration: Math.round(ctx.durationMs * 1e6),
    Success: outcome.ok,
    Code: outcome.code,
    Secode: outcome.secode,
    Error: outcome.error,
  };
  const last = message.results.at(-1);
  const previous = last?.Error === DELIVERING ? message.results.slice(0, -1) : message.results;
  return [...previous, result];
}

const UPDATE_RESULTS = statement(
  "queue-update-results",
  `UPDATE "QueueMessage" q SET "results" = u."results" FROM unnest($1::bigint[], $2::jsonb[]) AS u("id", "results")
     WHERE q."id" = u."id" RETURNING q."id"`,
);

async function updateResults(sql: SqlClient, rows: { id: bigint; results: MsgResult[] }[]): Promise<Set<bigint>> {
  if (rows.length === 0) return new Set();
  const { rows: updated } = await runStatement<{ id: string }>(sql, UPDATE_RESULTS,
    [rows.map((r) => r.id.toString()), rows.map((r) => JSON.stringify(r.results))],
  );
  return new Set(updated.map((r) => BigInt(r.id)));
}

type Entry = Attempted & { fate: Fate; results: MsgResult[] };

function eventFor(deps: OutcomeDeps, { message: m, outcome, fate }: Entry, suppressing: boolean): OutgoingEvent {
  const delivered = fate === "delivered";
  const event: OutgoingEventName = fate;
  return {
    account: m.senderAccount,
    event,
    dsn: false,
    suppressing,
    queueMsgId: m.id,
    fromId: m.fromId,
    messageId: m.messageIdHeader,
    subject: m.subject,
    // Real deliveries report no code, as mox does; localserve reports the 250 it simulates.
    smtpCode: delivered && !deps.localserve ? 0 : outcome.code,
    secode: delivered && !deps.localserve ? "" : outcome.secode,
    error: outcome.error,
    extra: m.extra,
  };
}

function dsnFor({ message: m, outcome, fate }: Entry, ctx: RecordContext, now: Date): SenderDsn | null {
  const kind = fate === "failed" || fate === "suppressed" ? "failed" : fate === "delayed" && m.attempts === DELAYED_DSN_AFTER && !m.isDmarcReport ? "delayed" : null;
  if (!kind) return null;
  const statusClass = kind === "failed" ? 5 : 4;
  return {
    account: m.senderAccount,
    sender: senderAddress(m),
    kind,
    queued: m.queued,
    futureReleaseRequest: m.futureReleaseRequest,
    originalMessageId: m.messageIdHeader,
    originalHeaders: ctx.headers(m),
    smtputf8: m.smtputf8,
    recipients: [
      {
        recipient: recipientAddress(m),
        action: kind,
        status: `${statusClass}.${outcome.secode || "0.0"}`,
        errorText: outcome.error,
        remoteMta: outcome.remoteMta,
        responseLines: outcome.lines,
        lastAttempt: m.lastAttempt,
        willRetryUntil: kind === "delayed" && m.lastAttempt ? new Date(m.lastAttempt.getTime() + WILL_RETRY_HOURS * 3600_000) : undefined,
      },
    ],
    now,
  };
}
