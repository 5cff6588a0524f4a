// Acceptance: web, smtp and worker as three processes, each with its own metrics port. A short load (webapi
// Sends, SMTP in, a failed submission login, webhooks to a receiver) shows up in each process's /metrics,
// read with a real Prometheus text-format parser, with the exact counts the load made.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { adminDatabaseUrl, redisPrefix, redisUrl } from "../helpers/env";
import { startHookReceiver, type HookReceiver } from "../helpers/hook-receiver";
import { freePort } from "../helpers/net";
import { isolatedDatabase } from "../helpers/pg";
import { baseEnv, startMailroom, type Running } from "../helpers/process";
import { has, sample, scrape } from "../helpers/prometheus";
import { startSink, type Sink } from "../helpers/smtp-sink";
import { converse, smtpClient } from "../helpers/smtp-listeners";
import { until } from "../helpers/wait";
import { basic, post } from "../helpers/webapi";

const running: Running[] = [];
let dropDatabase: () => Promise<void> = async () => undefined;
const dataDirs: string[] = [];
let db: Db | undefined;
let sink: Sink;
let receiver: HookReceiver;

beforeAll(async () => {
  sink = await startSink();
  // The incoming hook fails (and waits for its retry); the outgoing ones succeed.
  receiver = await startHookReceiver((hook) => (hook.path === "/in" ? { status: 500, body: "down\n" } : { status: 200, body: "ok\n" }));
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await db?.$disconnect();
  await dropDatabase();
  await sink.close();
  await receiver.close();
  await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function commonEnv(url: string) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-metrics-"));
  dataDirs.push(dataDir);
  const ports = { web: await freePort(), smtp: await freePort(), submission: await freePort(), submissions: await freePort() };
  const env = {
    DATABASE_URL: url,
    REDIS_URL: redisUrl(),
    // Its own prefix: another file's worker must not take this database's jobs.
    MAILROOM_REDIS_PREFIX: `${redisPrefix()}-metrics`,
    MAILROOM_LISTEN: "127.0.0.1",
    MAILROOM_DATA_DIR: dataDir,
    MAILROOM_RECONCILE_SECONDS: "1",
    MAILROOM_WEB_PORT: String(ports.web),
    MAILROOM_SMTP_PORT: String(ports.smtp),
    MAILROOM_SUBMISSION_PORT: String(ports.submission),
    MAILROOM_SUBMISSIONS_PORT: String(ports.submissions),
  };
  return { env, ports };
}

function start(name: string, env: Record<string, string>): Running {
  const r = startMailroom([name], baseEnv(env));
  running.push(r);
  return r;
}

describe("metrics", () => {
  it("each production process serves the counts of a short load", { timeout: 180_000 }, async () => {
    const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_metrics");
    dropDatabase = isolated.drop;
    db = createDb(isolated.url, 2);
    await createDomain(db, { name: "metrics.example" });
    const account = await createAccount(db, { name: "metrics", address: "user@metrics.example", password: "metrics password" });
    await db.account.update({
      where: { id: account.id },
      data: { outgoingWebhookUrl: receiver.url("/out"), outgoingWebhookEvents: ["delivered"], incomingWebhookUrl: receiver.url("/in") },
    });
    const transport = await db.transport.create({ data: { name: "sink", kind: "smtp", settings: { host: "127.0.0.1", port: sink.port, noStarttls: true } } });
    await db.route.create({ data: { transportId: transport.id } });
    await db.holdRule.create({ data: { recipientDomain: "held.example", recipientDomainStr: "held.example" } });

    const { env, ports } = await commonEnv(isolated.url);
    const metricsPorts = { web: await freePort(), smtp: await freePort(), worker: await freePort() };
    const processes = (["web", "smtp", "worker"] as const).map((name) => start(name, { ...env, MAILROOM_METRICS_PORT: String(metricsPorts[name]) }));
    await Promise.all(processes.map((p, i) => p.waitForLog((l) => l.msg === `${["web", "smtp", "worker"][i]} started`)));
    for (const p of processes) expect(p.logs().some((l) => l.msg === "listening" && l.service === "metrics")).toBe(true);

    // Load on the web process: four Sends that queue (three delivered to the sink, one held), a wrong password
    // and a request that is not JSON.
    const send = (auth: string, request: string) =>
      post(`http://127.0.0.1:${ports.web}/webapi/v0/Send`, { auth, contentType: "application/x-www-form-urlencoded", body: new URLSearchParams({ request }).toString() });
    const right = basic("user@metrics.example", "metrics password");
    for (const to of ["a@sink.example", "b@sink.example", "c@sink.example", "d@held.example"]) {
      expect((await send(right, JSON.stringify({ To: [{ Address: to }], Subject: "load", Text: "hi" }))).status).toBe(200);
    }
    expect((await send(basic("user@metrics.example", "wrong"), "{}")).status).toBe(401);
    expect((await send(right, "not json")).json()).toMatchObject({ Code: "protocol" });

    // Load on the smtp process: one message in, one recipient refused, one submission login that fails.
    await smtpClient({ port: ports.smtp, ignoreTLS: true }).sendMail({
      envelope: { from: "someone@remote.example", to: ["user@metrics.example"] },
      raw: Buffer.from("From: someone@remote.example\r\nSubject: in\r\n\r\nhello\r\n"),
    });
    const refused = await converse(ports.smtp, ["EHLO client.test", "MAIL FROM:<someone@remote.example>", "RCPT TO:<nobody@metrics.example>", "QUIT"]);
    expect(refused[2]).toMatch(/^550 5\.1\.1 /);
    const submission = createTransport({ host: "127.0.0.1", port: ports.submission, auth: { user: "user@metrics.example", pass: "wrong" }, tls: { rejectUnauthorized: false } });
    await expect(submission.verify()).rejects.toMatchObject({ responseCode: 535 });
    submission.close();

    const web = await scrape(metricsPorts.web);
    expect(sample(web, "mox_webapi_results_total", { method: "Send", result: "ok" })).toBe(4);
    expect(sample(web, "mox_webapi_results_total", { method: "Send", result: "badauth" })).toBe(1);
    expect(sample(web, "mox_webapi_results_total", { method: "Send", result: "protocol" })).toBe(1);
    expect(sample(web, "mox_webapi_duration_seconds", { method: "Send" })).toBe(6);
    expect(sample(web, "mox_authentication_total", { kind: "webapi", variant: "httpbasic", result: "ok" })).toBe(5);
    expect(sample(web, "mox_authentication_total", { kind: "webapi", variant: "httpbasic", result: "badcreds" })).toBe(1);
    expect(sample(web, "process_cpu_seconds_total")).toBeGreaterThan(0);
    // The queue is one for all processes: only the worker reports it.
    expect(has(web, "mailroom_queue_messages")).toBe(false);

    const smtp = await scrape(metricsPorts.smtp);
    expect(sample(smtp, "mox_smtpserver_connection_total", { kind: "deliver", listener: "smtp" })).toBe(2);
    expect(sample(smtp, "mox_smtpserver_connection_total", { kind: "submit", listener: "submission" })).toBe(1);
    expect(sample(smtp, "mox_smtpserver_command_duration_seconds", { kind: "deliver", cmd: "mail", code: "250" })).toBe(2);
    expect(sample(smtp, "mox_smtpserver_command_duration_seconds", { kind: "deliver", cmd: "rcpt", code: "250" })).toBe(1);
    expect(sample(smtp, "mox_smtpserver_command_duration_seconds", { kind: "deliver", cmd: "rcpt", code: "550", ecode: "5.1.1" })).toBe(1);
    expect(sample(smtp, "mox_smtpserver_command_duration_seconds", { kind: "deliver", cmd: "data", code: "250" })).toBe(1);
    expect(sample(smtp, "mox_smtpserver_command_duration_seconds", { kind: "submit", cmd: "auth", code: "535" })).toBe(1);
    expect(sample(smtp, "mailroom_smtpserver_messages_total", { kind: "deliver", result: "accepted" })).toBe(1);
    expect(sample(smtp, "mox_authentication_total", { kind: "submission", result: "badcreds" })).toBe(1);
    expect(sample(smtp, "mox_authentication_ratelimited_total")).toBe(0);
    // Every connection was closed by its client; the server sees each close soon after.
    await until(async () => sample(await scrape(metricsPorts.smtp), "mox_connections_count", { protocol: "smtp" }) === 0, 10_000, "no open SMTP connections");

    // The worker delivers the three to the sink, posts their delivered hooks (200) and the incoming message's
    // hook (500, to be retried), and leaves the held message and the failed hook queued.
    const worker = await until(
      async () => {
        const scraped = await scrape(metricsPorts.worker);
        return sample(scraped, "mox_webhook_results_total") === 4 && scraped;
      },
      60_000,
      "four webhook requests counted",
    );
    expect(sink.transactions).toHaveLength(3);
    expect(sample(worker, "mailroom_queue_delivery_results_total", { class: "2xx" })).toBe(3);
    expect(sample(worker, "mailroom_queue_delivery_results_total")).toBe(3);
    const batches = sample(worker, "mailroom_queue_delivery_duration_seconds");
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(3);
    expect(sample(worker, "mox_webhook_results_total", { code: "200" })).toBe(3);
    expect(sample(worker, "mox_webhook_results_total", { code: "500" })).toBe(1);
    expect(sample(worker, "mox_webhook_request_duration_seconds")).toBe(4);
    expect(sample(worker, "mailroom_queue_messages")).toBe(1);
    expect(sample(worker, "mox_queue_hold")).toBe(1);
    expect(sample(worker, "mailroom_webhook_queue_hooks")).toBe(1);
    const age = sample(worker, "mailroom_queue_oldest_message_age_seconds");
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan(600);

    // GET /metrics only.
    expect((await fetch(`http://127.0.0.1:${metricsPorts.worker}/metrics`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPorts.worker}/`)).status).toBe(404);

    expect(await Promise.all(running.splice(0).map((r) => r.stop()))).toEqual([0, 0, 0]);
  });

  it("is off in production unless a port is set", async () => {
    const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_metrics_off");
    try {
      const { env } = await commonEnv(isolated.url);
      const worker = start("worker", env);
      await worker.waitForLog((l) => l.msg === "worker started");
      expect(worker.logs().filter((l) => l.msg === "listening")).toEqual([]);
      expect(await worker.stop()).toBe(0);
    } finally {
      await isolated.drop();
    }
  });
});
