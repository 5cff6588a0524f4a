// `npm run bench`: each benchmark next to a baseline measured in the same run, printed with their ratio.
// BENCH_SECONDS sets the length of each measured run (default 10).
import { benchDatabase } from "./database";
import type { LoadResult } from "./load";
import { benchDelivery } from "./delivery";
import { benchLargeSend, MAX_MESSAGE_SIZE } from "./large-send";
import { benchInboundSmtp, CONNECTIONS, WARMUP_SECONDS } from "./inbound-smtp";
import { benchWebapiSend } from "./webapi-send";
import { peakResidentBytes, resetPeakResident } from "./peak-memory";
import { benchWebhookDelivery, CONCURRENCY as HOOK_CONCURRENCY, HOOKS, KEEP_RETIRED_SECONDS, URLS } from "./webhook-delivery";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);

const line = (label: string, unit: string, r: LoadResult) =>
  `  ${label.padEnd(34)} ${r.perSecond.toFixed(0).padStart(7)} ${unit}  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ""}`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const percent = (share: number) => `${(share * 100).toFixed(0)}%`;

// The server under test shares this process with its baseline and the load threads, so the peak is an upper
// bound of the server's own.
const peakLine = (from: number) => `  peak resident memory of the bench process in this section ${mb(peakResidentBytes())} (from ${mb(from)}; mailroom, baseline and load threads together)`;

async function main(): Promise<void> {
  const database = await benchDatabase();
  try {
    const from = resetPeakResident();
    const send = await benchWebapiSend(database.db, database.url, seconds);
    console.log(`webapi Send: 1 recipient, ${send.messageBytes}-byte text message, 32 concurrent clients, ${seconds} s each`);
    console.log(line("mailroom /webapi/v0/Send", "Send/s", send.webapi));
    console.log(line("baseline node:http + same insert", "req/s ", send.bare));
    console.log(`  ratio ${(send.webapi.perSecond / send.bare.perSecond).toFixed(2)} of baseline throughput`);
    console.log(peakLine(from));
  } finally {
    await database.drop();
  }
  // A database of its own: the Send benchmark leaves due queue rows a delivery worker would pick up.
  const deliveryDatabase = await benchDatabase();
  try {
    const d = await benchDelivery(deliveryDatabase.db, process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379");
    console.log(`end-to-end delivery: 1000 messages to 20 recipient domains, ${d.messageBytes}-byte message, sink in its own thread`);
    console.log(`  ${"mailroom Send -> sink accepted".padEnd(34)} ${d.mailroom.toFixed(0).padStart(7)} msg/s  (Send phase alone ${d.sendPhase.toFixed(0)} Send/s)`);
    console.log(`  ${"baseline nodemailer -> sink".padEnd(34)} ${d.direct.toFixed(0).padStart(7)} msg/s  (20 pooled connections)`);
    console.log(`  ratio ${(d.mailroom / d.direct).toFixed(2)} of baseline throughput`);
  } finally {
    await deliveryDatabase.drop();
  }
  // And one for inbound: every message in it must be one the listener accepted.
  const inboundDatabase = await benchDatabase();
  try {
    const from = resetPeakResident();
    const i = await benchInboundSmtp(inboundDatabase.db, seconds);
    console.log(`inbound SMTP: ${i.messageBytes}-byte DKIM-signed message, ${CONNECTIONS} connections back to back (a mailbox each), no STARTTLS, client in its own thread, ${seconds} s each after ${WARMUP_SECONDS} s warm-up`);
    console.log(line("mailroom incoming -> mailbox", "msg/s ", i.mailroom));
    console.log(line("baseline smtp-server, discards", "msg/s ", i.baseline));
    console.log(`  ratio ${(i.mailroom.perSecond / i.baseline.perSecond).toFixed(2)} of baseline throughput`);
    console.log(`  stored ${i.stored} = accepted incl. warm-up, all SPF/DKIM/DMARC pass; post-processing kicks counted, not queued (no Redis)`);
    console.log(`  server thread busy ${percent(i.mailroom.serverBusy)} (mailroom), ${percent(i.baseline.serverBusy)} (baseline)`);
    console.log(peakLine(from));
  } finally {
    await inboundDatabase.drop();
  }
  // Webhooks too: the hooks queued here must all be delivered and retired, with no others in the way.
  const webhookDatabase = await benchDatabase();
  try {
    const w = await benchWebhookDelivery(webhookDatabase.db, process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379");
    console.log(`webhook delivery: ${HOOKS} hooks to ${URLS} URLs, ${w.payloadBytes}-byte "delivered" payloads, receiver answers 200 in its own thread, ${HOOK_CONCURRENCY} concurrent, one in flight per URL`);
    console.log(`  ${"mailroom webhook worker -> receiver".padEnd(36)} ${w.mailroom.toFixed(0).padStart(7)} hooks/s  (queued in one transaction of ${w.queueMs.toFixed(0)} ms while the worker runs, timed from its commit; ${w.connections.mailroom} connections)`);
    console.log(`  ${"baseline undici loop -> receiver".padEnd(36)} ${w.baseline.toFixed(0).padStart(7)} hooks/s  (same bodies and headers; ${w.connections.baseline} connections)`);
    console.log(`  ratio ${(w.mailroom / w.baseline).toFixed(2)} of baseline throughput`);
    console.log(`  received once each; ${w.retired} RetiredWebhook success rows (accounts keep retired webhooks ${KEEP_RETIRED_SECONDS / 3600} h; mox's default keeps none)`);
  } finally {
    await webhookDatabase.drop();
  }
  // Large uploads: the webapi runs in a process of its own so that the peak is its memory alone.
  const largeDatabase = await benchDatabase();
  try {
    const l = await benchLargeSend(largeDatabase.db, largeDatabase.url);
    console.log(`large multipart Sends: peak resident memory of the webapi process above idle (${mb(l.idleRss)}), message size limit ${mb(MAX_MESSAGE_SIZE)}, uploads streamed from disk`);
    for (const c of l.cases) {
      const perRequest = c.peakAboveIdle / c.concurrent;
      console.log(`  ${c.label.padEnd(34)} ${c.statuses.padEnd(20)} peak +${mb(c.peakAboveIdle).padStart(7)}  per request ${mb(perRequest).padStart(7)} = ${(perRequest / MAX_MESSAGE_SIZE).toFixed(2)} x the limit`);
    }
  } finally {
    await largeDatabase.drop();
  }
}

await main();
