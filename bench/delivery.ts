// End-to-end delivery: messages/s from the first webapi Send until a local SMTP sink has accepted them all,
// through the real path (HTTP, submit, BullMQ, delivery worker, SMTP client), next to the same sink fed the
// same messages directly by nodemailer over the same number of connections. The sink runs in its own thread.
import { Authenticator } from "../server/auth/authenticate";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import nodemailer from "nodemailer";
import type { Db } from "../server/db/client";
import { createLogger } from "../server/log/logger";
import { staticResolver } from "../server/net/resolver";
import { openDeliveryScheduler } from "../server/queue/scheduler";
import { createWebapiHandler } from "../server/webapi/http";
import { startDeliveryWorker } from "../workers/delivery";
import { composeMessage } from "../server/message/compose";
import { composeInput, mail } from "../test/helpers/compose";
import { runLoad } from "./load";
import { provisionSender } from "./sender";
import { createMetrics } from "../server/metrics/metrics";

const MESSAGES = 1000;
const DOMAINS = 20;
const CLIENTS = 32;

type Sink = { port: number; accepted: () => Promise<number>; close: () => Promise<void> };

async function startSinkThread(): Promise<Sink> {
  const worker = new Worker(new URL("./sink-worker.mjs", import.meta.url));
  const next = <T>(key: string) => new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      worker.off("message", on);
      resolve(m[key] as T);
    };
    worker.on("message", on);
  });
  const port = await next<number>("port");
  return {
    port,
    accepted: () => {
      const answer = next<number>("accepted");
      worker.postMessage("count");
      return answer;
    },
    close: async () => {
      const closed = next<boolean>("closed");
      worker.postMessage("close");
      await closed;
      await worker.terminate();
    },
  };
}

async function waitFor(sink: Sink, count: number): Promise<void> {
  while ((await sink.accepted()) < count) await new Promise((r) => setTimeout(r, 5));
}

const domain = (i: number) => `d${i % DOMAINS}.bench-remote.example`;

function sendBodies(): string[] {
  return Array.from({ length: MESSAGES }, (_, i) =>
    new URLSearchParams({
      request: JSON.stringify({
        To: [{ Name: "Recipient", Address: `rcpt${i}@${domain(i)}` }],
        Subject: "benchmark message",
        Text: "A small text message, as applications send them: a line or two.\nThanks!\n",
      }),
    }).toString(),
  );
}

export type DeliveryBench = { mailroom: number; sendPhase: number; direct: number; messageBytes: number };

export async function benchDelivery(db: Db, redisUrl: string): Promise<DeliveryBench> {
  const authorization = await provisionSender(db, "bench-delivery.example", "benchdelivery");
  const sink = await startSinkThread();
  const logger = createLogger("bench", "silent");
  const prefix = `bench-${process.pid}-${Date.now()}`;
  const domains = Array.from({ length: DOMAINS }, (_, i) => domain(i));
  const resolver = staticResolver({
    mx: Object.fromEntries(domains.map((d) => [d, [{ exchange: `mx.${d}`, priority: 10 }]])),
    a: Object.fromEntries(domains.map((d) => [`mx.${d}`, ["127.0.0.1"]])),
  });
  const stopWorker = await startDeliveryWorker(
    { db, redisUrl, redisPrefix: prefix, logger, metrics: createMetrics(), hostname: "bench.example", delivery: { concurrency: DOMAINS, perDomain: 1, reconcileMs: 30_000 }, webhook: { concurrency: 10, timeoutMs: 60_000 }, localserve: false },
    async () => undefined,
    { resolver, directPort: sink.port, mtaSts: async () => null },
  );
  const delivery = openDeliveryScheduler(redisUrl, prefix);
  const handler = createWebapiHandler({ db, hostname: "bench.example", maxMessageSize: 1 << 26, trustForwarded: false, logger, authenticator: new Authenticator(db), metrics: createMetrics(), scheduler: delivery.scheduler });
  const api = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}/webapi/v0/Send`;
  const headers = { Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded" };

  try {
    const started = performance.now();
    const load = await runLoad({ url, headers, bodies: sendBodies(), total: MESSAGES, concurrency: CLIENTS });
    if (load.errors > 0) throw new Error(`Send failed: ${load.firstError}`);
    const sendPhase = (performance.now() - started) / 1000;
    await waitFor(sink, MESSAGES);
    const mailroom = MESSAGES / ((performance.now() - started) / 1000);

    const raw = sampleMessage();
    const direct = await directRate(sink, raw);
    return { mailroom, sendPhase: MESSAGES / sendPhase, direct, messageBytes: raw.length };
  } finally {
    api.closeAllConnections();
    await new Promise((r) => api.close(r));
    await delivery.close();
    await stopWorker();
    await sink.close();
  }
}

// A message like the ones Send composes, for the baseline.
function sampleMessage(): Buffer {
  const input = composeInput({ from: mail("", "sender@bench-delivery.example"), to: [mail("Recipient", `rcpt0@${domain(0)}`)], subject: "benchmark message" });
  return composeMessage({ ...input, text: "A small text message, as applications send them: a line or two.\nThanks!\n" }).raw;
}

// The baseline: nodemailer's pooled SMTP transport, one connection per recipient domain, same message count.
async function directRate(sink: Sink, raw: Buffer): Promise<number> {
  const count = MESSAGES;
  const before = await sink.accepted();
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: sink.port, pool: true, maxConnections: DOMAINS, maxMessages: Infinity, ignoreTLS: true });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      transport.sendMail({
        envelope: { from: "sender@bench-delivery.example", to: `rcpt${i}@${domain(i)}` },
        raw,
      }),
    ),
  );
  await waitFor(sink, before + count);
  const rate = count / ((performance.now() - started) / 1000);
  transport.close();
  return rate;
}
