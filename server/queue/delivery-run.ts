// One delivery run for a recipient domain: take the domain's lock, deliver every due message of the domain
// batch by batch over as few connections as possible, release, and look again for messages that became due
// while the domain was busy. A run that finds the domain locked leaves: the holder looks again on release.
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { sqlPool, type SqlClient } from "../db/client";
import { errorText } from "../errors";
import { claimBatch, hasDueMessages, type ClaimedBatch } from "./claim";
import type { DeliveryClass } from "../metrics/metrics";
import type { DeliveryDeps } from "./delivery-deps";
import { tryLockDomain } from "./domain-lock";
import { deliverLocally } from "./localserve-delivery";
import { recordOutcomes, type AttemptOutcome, type Attempted } from "./outcome";
import { recipientAddress, type QueuedMessage } from "./queued-message";
import { RouteCache } from "./routes";
import { SmtpSessions } from "./smtp-sessions";
import { sendOverTransport, type Batch } from "./transport-send";
import { baseAddress } from "../suppression/base-address";
import { parseDomain } from "../address/domain";
import { headerSection } from "../message/header";

export async function deliverDomain(deps: DeliveryDeps, domain: string): Promise<void> {
  const pool = sqlPool(deps.db);
  for (;;) {
    const lock = await tryLockDomain(pool, domain, deps.perDomain);
    if (!lock) return;
    try {
      await drainDomain(deps, lock.sql, domain);
    } finally {
      await lock.release();
    }
    if (!(await hasDueMessages(pool, domain, deps.clock.now()))) return;
  }
}

async function drainDomain(deps: DeliveryDeps, sql: pg.PoolClient, domain: string): Promise<void> {
  const sessions = new SmtpSessions();
  const routes = new RouteCache(sql);
  try {
    for (;;) {
      const batch = await claimBatch(sql, domain, deps.clock.now());
      if (!batch) return;
      await attemptBatch(deps, sql, { sessions, routes }, batch);
    }
  } finally {
    await sessions.closeAll();
  }
}

type RunState = { sessions: SmtpSessions; routes: RouteCache };

async function attemptBatch(deps: DeliveryDeps, sql: pg.PoolClient, run: RunState, batch: ClaimedBatch): Promise<void> {
  const start = deps.clock.now();
  const began = performance.now();
  const { messages, content } = batch;
  const suppressed = batch.hasSuppressions ? await suppressedRecipients(sql, messages) : new Set<bigint>();
  const attempted: Attempted[] = messages.filter((m) => suppressed.has(m.id)).map((message) => ({ message, outcome: suppressedOutcome(message) }));
  const remaining = messages.filter((m) => !suppressed.has(m.id));
  if (remaining.length > 0) {
    const outcomes = await attemptDelivery(deps, run, { messages: remaining, content });
    remaining.forEach((message, i) => attempted.push({ message, outcome: outcomes[i]! }));
  }
  const durationMs = performance.now() - began;
  const headers = headerSection(content);
  await recordOutcomes(deps, sql, attempted, {
    start,
    durationMs,
    headers: (m) => Buffer.concat([m.msgPrefix, headers]),
    webhooks: batch.hasWebhook,
  });
  // Counted once recorded; a suppressed recipient was not attempted.
  if (remaining.length > 0) deps.metrics.deliveryAttempt(durationMs / 1000);
  for (const { outcome } of attempted) if (!outcome.suppressed) deps.metrics.deliveryResult(replyClass(outcome.code));
  for (const { message, outcome } of attempted) {
    deps.logger.info(
      { msg: message.id.toString(), rcpt: recipientAddress(message), attempt: message.attempts, ok: outcome.ok, code: outcome.code, error: outcome.error || undefined },
      "delivery attempt",
    );
  }
}

// Localserve delivers what would go out directly into the sender's account, but a transport that a route or an
// admin chose is used as in production, so routes and transports can be tried out (a fail transport fails).
async function attemptDelivery(deps: DeliveryDeps, run: RunState, batch: Batch): Promise<AttemptOutcome[]> {
  const m = batch.messages[0]!;
  try {
    const transport = await run.routes.resolve({ ...m, previousAttempts: m.attempts - 1 });
    if (!transport.ok) return batch.messages.map(() => transientFailure(transport.error));
    if (deps.localserve && !transport.transport) return await deliverLocally(deps, batch);
    return await sendOverTransport(deps, run.sessions, transport.transport, batch);
  } catch (err) {
    // A bug or an unreachable resolver must not lose the attempt's bookkeeping: it counts as a temporary failure.
    deps.logger.error({ msg: m.id.toString(), err }, "delivery attempt failed unexpectedly");
    return batch.messages.map(() => transientFailure(errorText(err)));
  }
}

// An attempt without an SMTP reply that decided it (no connection, a timeout) has code 0.
function replyClass(code: number): DeliveryClass {
  if (code >= 200 && code < 300) return "2xx";
  if (code >= 400 && code < 500) return "4xx";
  if (code >= 500 && code < 600) return "5xx";
  return "error";
}

function transientFailure(error: string): AttemptOutcome {
  return { ok: false, permanent: false, code: 0, secode: "", error: `${error}, transient`, lines: [] };
}

function suppressedOutcome(m: QueuedMessage): AttemptOutcome {
  return {
    ok: false,
    permanent: true,
    suppressed: true,
    code: 0,
    secode: "",
    error: `not delivering to recipient address ${recipientAddress(m)}: address is on suppression list, permanent`,
    lines: [],
  };
}

// Checked at every attempt, not at submission (spec 5), so a suppression added meanwhile still applies.
async function suppressedRecipients(sql: SqlClient, messages: QueuedMessage[]): Promise<Set<bigint>> {
  const bases = messages.map((m) => baseAddress({ localpart: m.recipientLocalpart, domain: parseDomain(m.recipientDomain) }));
  const { rows } = await sql.query<{ baseAddress: string }>(
    `SELECT "baseAddress" FROM "Suppression" WHERE "account" = $1 AND "baseAddress" = ANY($2::text[])`,
    [messages[0]!.senderAccount, bases],
  );
  const listed = new Set(rows.map((r) => r.baseAddress));
  return new Set(messages.filter((_, i) => listed.has(bases[i]!)).map((m) => m.id));
}

