// Acceptance: localserve with DATABASE_URL unset uses the embedded PostgreSQL in the data directory; a second
// start keeps the data and applies no migration again.
import { existsSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedDatabaseUrl } from "../../server/db/embedded";
import { redisPrefix } from "../helpers/env";
import { rows } from "../helpers/pg";
import { firstLine, freePort } from "../helpers/net";
import { baseEnv, runMailroom, startMailroom, type Running } from "../helpers/process";
import { sample, scrape } from "../helpers/prometheus";
import { smtpClient } from "../helpers/smtp-listeners";
import { until } from "../helpers/wait";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let dataDir = "";
let current: Running | undefined;
afterAll(async () => {
  await current?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const query = <T extends Record<string, unknown>>(port: number, sql: string) => rows<T>(embeddedDatabaseUrl(port), sql);

describe("localserve", () => {
  it("runs everything on the embedded PostgreSQL and keeps data across restarts", async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-localserve-"));
    // The embedded PostgreSQL runs as its own user when we are root, and must be able to enter the directory.
    await chmod(dataDir, 0o755);
    const ports = {
      web: await freePort(),
      smtp: await freePort(),
      submission: await freePort(),
      submissions: await freePort(),
      metrics: await freePort(),
      pg: await freePort(),
    };
    const env = baseEnv({
      MAILROOM_DATA_DIR: dataDir,
      MAILROOM_REDIS_PREFIX: `${redisPrefix()}-localserve`,
      MAILROOM_LISTEN: "127.0.0.1",
      MAILROOM_WEB_PORT: String(ports.web),
      MAILROOM_SMTP_PORT: String(ports.smtp),
      MAILROOM_SUBMISSION_PORT: String(ports.submission),
      MAILROOM_SUBMISSIONS_PORT: String(ports.submissions),
      MAILROOM_METRICS_PORT: String(ports.metrics),
      MAILROOM_EMBEDDED_PG_PORT: String(ports.pg),
    });

    current = startMailroom(["localserve"], env);
    await current.waitForLog((l) => l.msg === "localserve started", 90_000);
    expect(current.logs().some((l) => l.msg === "embedded PostgreSQL started")).toBe(true);
    expect(current.logs().some((l) => l.msg === "database migrations applied")).toBe(true);
    expect(existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);

    const health = await (await fetch(`http://127.0.0.1:${ports.web}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", database: { status: "ok" }, redis: { status: "ok" } });
    for (const page of ["/admin", "/account", "/webmail"]) {
      expect((await fetch(`http://127.0.0.1:${ports.web}${page}`)).status, page).toBe(200);
    }
    expect(await firstLine(ports.smtp)).toMatch(/^220 /);
    expect(await firstLine(ports.submission)).toMatch(/^220 /);
    expect(await query(ports.pg, `SELECT name FROM "Account"`)).toEqual([{ name: "mox" }]);

    // Submission with plain-text AUTH from loopback, and incoming mail, both end in mox's Inbox; the
    // listeners' certificate was made for localhost in the data directory.
    expect(existsSync(path.join(dataDir, "tls", "localhost.crt"))).toBe(true);
    await smtpClient({ port: ports.submission, ignoreTLS: true, auth: { user: "mox@localhost", pass: "moxmoxmox" } }).sendMail({
      envelope: { from: "mox@localhost", to: ["mox@localhost"] },
      raw: Buffer.from("From: mox@localhost\r\nTo: mox@localhost\r\nSubject: submitted\r\n\r\nhi\r\n"),
    });
    await smtpClient({ port: ports.smtp, ignoreTLS: true }).sendMail({
      envelope: { from: "someone@example.org", to: ["mox@localhost"] },
      raw: Buffer.from("From: someone@example.org\r\nSubject: received\r\n\r\nhi\r\n"),
    });
    const inbox = () => query<{ subject: string }>(ports.pg, `SELECT m.subject FROM "Message" m JOIN "Mailbox" b ON b.id = m."mailboxId" WHERE b.name = 'Inbox' ORDER BY m.subject`);
    await until(async () => (await inbox()).length === 2, 10_000, "both messages in the Inbox");
    expect(await inbox()).toEqual([{ subject: "received" }, { subject: "submitted" }]);

    // One registry for all its parts: the SMTP messages, and the local delivery of the submitted one.
    const metrics = await until(async () => {
      const scraped = await scrape(ports.metrics);
      return sample(scraped, "mailroom_queue_delivery_results_total", { class: "2xx" }) === 1 && scraped;
    }, 10_000, "the local delivery counted");
    expect(sample(metrics, "mailroom_smtpserver_messages_total", { kind: "submit", result: "accepted" })).toBe(1);
    expect(sample(metrics, "mailroom_smtpserver_messages_total", { kind: "deliver", result: "accepted" })).toBe(1);
    expect(sample(metrics, "mox_authentication_total", { kind: "submission", result: "ok" })).toBe(1);
    expect(sample(metrics, "mailroom_queue_messages")).toBe(0);

    // An ops command in a second process attaches to the running embedded PostgreSQL.
    const added = await runMailroom(["domain", "add", "example.org"], env);
    expect(added).toMatchObject({ code: 0, stdout: "created domain example.org\n" });

    expect(await current.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);

    current = startMailroom(["localserve"], env);
    await current.waitForLog((l) => l.msg === "localserve started", 90_000);
    expect(current.logs().some((l) => l.msg === "database migrations applied")).toBe(false);
    const domains = await query<{ name: string }>(ports.pg, `SELECT name FROM "Domain" ORDER BY name`);
    expect(domains.map((d) => d.name)).toEqual(["example.org", "localhost"]);
    const migrations = await query<{ n: string }>(ports.pg, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    const health2 = await (await fetch(`http://127.0.0.1:${ports.web}/healthz`)).json();
    expect(health2.status).toBe("ok");
    expect(Number(migrations[0]!.n)).toBe(readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory()).length);

    // kill -9 leaves the embedded PostgreSQL running without its parent; the next start adopts it and keeps
    // the data, and its clean stop stops that server too.
    await current.stop("SIGKILL");
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(true);
    current = startMailroom(["localserve"], env);
    await current.waitForLog((l) => l.msg === "localserve started", 90_000);
    expect(current.logs().find((l) => l.msg === "using the embedded PostgreSQL that is already running")).toMatchObject({ adopted: true });
    expect((await query<{ name: string }>(ports.pg, `SELECT name FROM "Domain" ORDER BY name`)).length).toBe(2);
    expect(await current.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
  });
});
