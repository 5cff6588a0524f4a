// Acceptance: web, smtp and worker as three processes against one DATABASE_URL and REDIS_URL.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { adminDatabaseUrl, redisPrefix, redisUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { firstLine, freePort } from "../helpers/net";
import { baseEnv, startMailroom, type Running } from "../helpers/process";
import { smtpClient } from "../helpers/smtp-listeners";
import { until } from "../helpers/wait";
import { createDb } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";

const running: Running[] = [];
let dropDatabase: () => Promise<void> = async () => undefined;
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await dropDatabase();
});

describe("production processes", () => {
  it("run together and each is up", async () => {
    const ports = { web: await freePort(), smtp: await freePort(), submission: await freePort(), submissions: await freePort() };
    // Its own database: the worker delivers whatever is due, and other test files queue mail.
    const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_procs");
    dropDatabase = isolated.drop;
    const env = baseEnv({
      DATABASE_URL: isolated.url,
      REDIS_URL: redisUrl(),
      MAILROOM_REDIS_PREFIX: redisPrefix(),
      MAILROOM_LISTEN: "127.0.0.1",
      MAILROOM_WEB_PORT: String(ports.web),
      MAILROOM_SMTP_PORT: String(ports.smtp),
      MAILROOM_SUBMISSION_PORT: String(ports.submission),
      MAILROOM_SUBMISSIONS_PORT: String(ports.submissions),
    });
    const [web, smtp, worker] = ["web", "smtp", "worker"].map((name) => {
      const r = startMailroom([name], env);
      running.push(r);
      return r;
    }) as [Running, Running, Running];
    await Promise.all([
      web.waitForLog((l) => l.msg === "web started"),
      smtp.waitForLog((l) => l.msg === "smtp started"),
      worker.waitForLog((l) => l.msg === "worker started"),
    ]);

    const health = await fetch(`http://127.0.0.1:${ports.web}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: { status: "ok" }, redis: { status: "ok" } });
    expect(health.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9_-]{12}$/);
    for (const page of ["/", "/admin", "/admin/login", "/account", "/account/login", "/webmail"]) {
      const response = await fetch(`http://127.0.0.1:${ports.web}${page}`, { redirect: "manual" });
      expect([200, 307], page).toContain(response.status);
      expectPageSecurityHeaders(response.headers, page);
    }
    const logged = await web.waitForLog((l) => l.msg === "request" && l.url === "/healthz");
    expect(logged).toMatchObject({ status: 200, method: "GET", reqId: health.headers.get("x-request-id") });

    expect(await firstLine(ports.smtp)).toBe("220 localhost ESMTP Mailroom");
    expect(await firstLine(ports.submission)).toBe("220 localhost ESMTP Mailroom");

    // The worker consumes: it is registered with BullMQ and its first upkeep run completes.
    const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue("upkeep", { connection, prefix: redisPrefix() });
    try {
      expect((await queue.getWorkers()).length).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.close();
      connection.disconnect();
    }
    await worker.waitForLog((l) => l.msg === "upkeep done", 15_000);

    // Mail received by the smtp process is post-processed by the worker process: its incoming hook is queued.
    const db = createDb(isolated.url, 2);
    try {
      await createDomain(db, { name: "procs.example" });
      const account = await createAccount(db, { name: "procs", address: "user@procs.example" });
      await db.account.update({ where: { id: account.id }, data: { incomingWebhookUrl: "http://127.0.0.1:9/in" } });
      await smtpClient({ port: ports.smtp, ignoreTLS: true }).sendMail({
        envelope: { from: "someone@remote.example", to: ["user@procs.example"] },
        raw: Buffer.from("From: someone@remote.example\r\nSubject: across processes\r\n\r\nhello\r\n"),
      });
      const hook = await until(() => db.webhook.findFirst({ where: { account: "procs", isIncoming: true } }), 10_000, "incoming hook from the worker");
      expect(JSON.parse(hook.payload)).toMatchObject({ Subject: "across processes", Meta: { RcptTo: "user@procs.example", MailboxName: "Inbox" } });
      expect(await db.incomingTask.count()).toBe(0);
    } finally {
      await db.$disconnect();
    }

    const codes = await Promise.all(running.map((r) => r.stop()));
    expect(codes).toEqual([0, 0, 0]);
  });
});

// Pages hold private data: never cached by a shared cache, never framed or sniffed, scripts only by nonce.
function expectPageSecurityHeaders(headers: Headers, page: string) {
  const csp = headers.get("content-security-policy") ?? "";
  expect(csp, page).toContain("default-src 'self'");
  expect(csp, page).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp, page).toContain("frame-ancestors 'none'");
  expect(headers.get("x-content-type-options"), page).toBe("nosniff");
  expect(headers.get("x-frame-options"), page).toBe("DENY");
  expect(headers.get("referrer-policy"), page).toBe("strict-origin-when-cross-origin");
  const cache = headers.get("cache-control") ?? "";
  expect(cache, page).toContain("no-store");
  expect(cache, page).not.toMatch(/s-maxage|public/);
}
