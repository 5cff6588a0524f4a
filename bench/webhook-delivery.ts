// Webhook delivery: hooks/s from the commit that queues 10,000 outgoing-event hooks until a local receiver has
// answered them all 200 and the "Webhook" table is empty, through the real path (NOTIFY, reconcile, BullMQ,
// per-URL runs with their database claim and record), next to a bare undici loop POSTing the same bodies with
// the same headers and limits. The receiver runs in its own thread, so it does not share the event loop with
// the worker under test.
import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { Agent, request } from "undici";
import { sqlPool, withSqlTransaction, type Db } from "../server/db/client";
import { openQueue, QUEUE } from "../server/jobs/queues";
import { createLogger } from "../server/log/logger";
import { createAccount } from "../server/provision/account";
import { createDomain } from "../server/store/domains";
import { queueOutgoingEvents, type OutgoingEvent } from "../server/webhook/outgoing-events";
import { USER_AGENT } from "../server/webhook/post";
import { saveOutgoingWebhook } from "../server/webhook/settings";
import { startWebhookWorker } from "../workers/webhook";
import { createMetrics } from "../server/metrics/metrics";

export const HOOKS = 10_000;
export const URLS = 50;
// The worker's default; the baseline keeps to the same number of requests at a time.
export const CONCURRENCY = 10;
// mox keeps no retired webhooks by default; a day here, so the retired copy each success writes is measured.
export const KEEP_RETIRED_SECONDS = 24 * 3600;
// Enough for the receiver's and undici's code to be compiled before either side is timed.
const WARMUP_REQUESTS = 2000;
// A hook that fails is retried only after a minute: waiting that long means something is broken.
const GIVE_UP_MS = 120_000;
const DOMAIN = "bench-webhook.example";

type ReceiverStats = { requests: number; distinct: number; duplicates: number; bytes: number; maxOpen: number };
type Receiver = { port: number; stats: () => Promise<ReceiverStats>; reset: () => Promise<void>; close: () => Promise<void> };

async function startReceiverThread(): Promise<Receiver> {
  const worker = new Worker(new URL("./webhook-receiver-worker.mjs", import.meta.url));
  const next = <T>(key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        worker.off("message", on);
        resolve(m[key] as T);
      };
      worker.on("message", on);
    });
  const ask = <T>(command: string, key: string) => {
    const answer = next<T>(key);
    worker.postMessage(command);
    return answer;
  };
  const port = await next<number>("port");
  return {
    port,
    stats: () => ask<ReceiverStats>("stats", "stats"),
    reset: async () => void (await ask<boolean>("reset", "reset")),
    close: async () => {
      await ask<boolean>("close", "closed");
      await worker.terminate();
    },
  };
}

// One hook as posted: what the baseline needs to send the same request.
type Hook = { id: string; url: string; authorization: string; payload: string };

type Hooks = { urls: string[]; authorizationOf: Map<string, string> };

// URL n belongs to account hook<n>, with its own Authorization, as applications configure it.
async function createHookAccounts(db: Db, port: number): Promise<Hooks> {
  await createDomain(db, { name: DOMAIN });
  const urls: string[] = [];
  const authorizationOf = new Map<string, string>();
  for (let n = 0; n < URLS; n++) {
    const url = `http://127.0.0.1:${port}/hook/${n}`;
    const authorization = `Bearer bench-${randomBytes(12).toString("hex")}`;
    await createAccount(db, { name: `hook${n}`, address: `hook${n}@${DOMAIN}`, keepRetiredWebhookPeriodSec: KEEP_RETIRED_SECONDS });
    await saveOutgoingWebhook(db, `hook${n}`, { url, authorization, events: [] });
    urls.push(url);
    authorizationOf.set(url, authorization);
  }
  return { urls, authorizationOf };
}

// "delivered" events of distinct messages, so none supersedes another; the fields are sized like real ones.
function deliveredEvents(): OutgoingEvent[] {
  return Array.from({ length: HOOKS }, (_, i) => ({
    account: `hook${i % URLS}`,
    event: "delivered",
    dsn: false,
    suppressing: false,
    queueMsgId: BigInt(1_000_000 + i),
    fromId: randomBytes(16).toString("base64url"),
    messageId: `<${randomBytes(16).toString("base64url")}@${DOMAIN}>`,
    subject: `Your order #${100_000 + i} has shipped`,
    smtpCode: 250,
    secode: "0.0",
    error: "",
    extra: { customer: `cus_${randomBytes(8).toString("hex")}`, order: String(100_000 + i) },
  }));
}

// All hooks in one transaction, as one batch of events would queue them; the trigger notifies at commit.
async function queueHooks(db: Db, events: OutgoingEvent[]): Promise<void> {
  const ids = await withSqlTransaction(db, (sql) => queueOutgoingEvents(sql, events, new Date()));
  if (ids.length !== HOOKS) throw new Error(`queued ${ids.length} hooks, expected ${HOOKS}`);
}

async function queuedCount(db: Db): Promise<number> {
  const { rows } = await sqlPool(db).query<{ n: number }>(`SELECT count(*)::int AS n FROM "Webhook"`);
  return rows[0]!.n;
}

// Done when the receiver has answered every hook and the worker has recorded every answer (the queue is empty).
async function waitUntilDelivered(db: Db, receiver: Receiver, started: number): Promise<void> {
  for (;;) {
    if ((await receiver.stats()).requests >= HOOKS && (await queuedCount(db)) === 0) return;
    if (performance.now() - started > GIVE_UP_MS) {
      const { rows } = await sqlPool(db).query<{ results: unknown }>(`SELECT "results" FROM "Webhook" WHERE "attempts" > 0 LIMIT 1`);
      throw new Error(`webhook delivery stalled: receiver saw ${(await receiver.stats()).requests} requests, ${await queuedCount(db)} hooks still queued; a result: ${JSON.stringify(rows[0]?.results)}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

function checkReceived(label: string, s: ReceiverStats): void {
  if (s.requests !== HOOKS || s.distinct !== HOOKS || s.duplicates !== 0) {
    throw new Error(`${label}: receiver saw ${s.requests} requests for ${s.distinct} hook ids (${s.duplicates} repeated), expected ${HOOKS} once each`);
  }
  if (s.maxOpen > CONCURRENCY) throw new Error(`${label}: ${s.maxOpen} connections open at once, more requests at a time than ${CONCURRENCY}`);
}

// Every hook left the queue as a success on its first attempt, and is kept as retired.
async function checkRetired(db: Db): Promise<number> {
  const { rows } = await sqlPool(db).query<{ n: number; ok: number }>(
    `SELECT count(*)::int AS n, (count(*) FILTER (WHERE "success" AND "attempts" = 1))::int AS ok FROM "RetiredWebhook"`,
  );
  const { n, ok } = rows[0]!;
  if (n !== HOOKS || ok !== HOOKS) throw new Error(`RetiredWebhook has ${n} rows, ${ok} successful at the first attempt; expected ${HOOKS}`);
  return ok;
}

// The same requests the worker made, read back from the retired copies (which keep id, URL and payload).
async function postedHooks(db: Db, authorizationOf: Map<string, string>): Promise<Hook[]> {
  const { rows } = await sqlPool(db).query<{ id: string; url: string; payload: string }>(`SELECT "id", "url", "payload" FROM "RetiredWebhook" ORDER BY "id"`);
  return rows.map((r) => ({ ...r, authorization: authorizationOf.get(r.url) ?? "" }));
}

// The baseline: CONCURRENCY lanes over a round-robin of URLs. A lane takes the next URL nobody is posting to,
// posts its oldest hook with the worker's headers, reads the answer, and puts the URL back at the end.
async function bareLoop(hooks: Hook[]): Promise<{ seconds: number; errors: number; firstError: string }> {
  const perUrl = new Map<string, Hook[]>();
  for (const h of hooks) {
    if (!perUrl.has(h.url)) perUrl.set(h.url, []);
    perUrl.get(h.url)!.push(h);
  }
  const ready = [...perUrl.keys()];
  const dispatcher = new Agent({ keepAliveTimeout: 5_000, connections: CONCURRENCY });
  let errors = 0;
  let firstError = "";
  const post = async (h: Hook) => {
    const headers: Record<string, string> = {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": USER_AGENT,
      "X-Mox-Webhook-ID": h.id,
      "X-Mox-Webhook-Attempt": "1",
    };
    if (h.authorization) headers.Authorization = h.authorization;
    const res = await request(h.url, { method: "POST", headers, body: h.payload, dispatcher });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${text.slice(0, 100)}`);
  };
  const lane = async () => {
    for (let url = ready.shift(); url !== undefined; url = ready.shift()) {
      const queue = perUrl.get(url)!;
      await post(queue.shift()!).catch((err: unknown) => {
        errors += 1;
        firstError ||= String(err);
      });
      if (queue.length > 0) ready.push(url);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.close();
  return { seconds, errors, firstError };
}

export type WebhookDeliveryBench = {
  mailroom: number;
  baseline: number;
  payloadBytes: number;
  queueMs: number;
  retired: number;
  // Connections the receiver saw open at once: requests the sender had out at a time, at most.
  connections: { mailroom: number; baseline: number };
};

export async function benchWebhookDelivery(db: Db, redisUrl: string): Promise<WebhookDeliveryBench> {
  const receiver = await startReceiverThread();
  const logger = createLogger("bench", "silent");
  const prefix = `bench-webhook-${process.pid}-${Date.now()}`;
  let worker: Awaited<ReturnType<typeof startWebhookWorker>> | undefined;
  try {
    const { urls, authorizationOf } = await createHookAccounts(db, receiver.port);
    const events = deliveredEvents();
    await warmUp(urls, receiver);

    worker = await startWebhookWorker({
      db, redisUrl, redisPrefix: prefix, logger, metrics: createMetrics(), hostname: "bench.example",
      delivery: { concurrency: 10, perDomain: 1, reconcileMs: 30_000 },
      webhook: { concurrency: CONCURRENCY, timeoutMs: 60_000 },
      localserve: false,
    });
    const queueStarted = performance.now();
    await queueHooks(db, events);
    const started = performance.now();
    await waitUntilDelivered(db, receiver, started);
    const mailroom = HOOKS / ((performance.now() - started) / 1000);
    const mailroomStats = await receiver.stats();
    checkReceived("mailroom", mailroomStats);
    const retired = await checkRetired(db);

    const hooks = await postedHooks(db, authorizationOf);
    await receiver.reset();
    const bare = await bareLoop(hooks);
    if (bare.errors > 0) throw new Error(`baseline: ${bare.errors} requests failed (${bare.firstError})`);
    const baselineStats = await receiver.stats();
    checkReceived("baseline", baselineStats);

    return {
      mailroom,
      baseline: HOOKS / bare.seconds,
      payloadBytes: Math.round(mailroomStats.bytes / HOOKS),
      queueMs: started - queueStarted,
      retired,
      connections: { mailroom: mailroomStats.maxOpen, baseline: baselineStats.maxOpen },
    };
  } finally {
    await worker?.close();
    await receiver.close();
    await removeQueue(redisUrl, prefix);
  }
}

// The run's prefix is its own: nothing of it is left in Redis afterwards.
async function removeQueue(redisUrl: string, prefix: string): Promise<void> {
  const { queue, close } = openQueue(QUEUE.webhook, redisUrl, prefix);
  try {
    await queue.obliterate({ force: true });
  } finally {
    await close();
  }
}

// The receiver thread and undici (the worker posts with it too) compiled before either side is timed; the
// warm-up requests have ids of their own and are forgotten.
async function warmUp(urls: string[], receiver: Receiver): Promise<void> {
  const body = JSON.stringify({ Version: 0, Event: "delivered", Subject: "warm-up", Extra: { pad: "x".repeat(300) } });
  const hooks = Array.from({ length: WARMUP_REQUESTS }, (_, i) => ({ id: `warmup-${i}`, url: urls[i % urls.length]!, authorization: "", payload: body }));
  const r = await bareLoop(hooks);
  if (r.errors > 0) throw new Error(`warm-up: ${r.errors} requests failed (${r.firstError})`);
  await receiver.reset();
}
