// A production install has only the dependencies package.json declares for production: a copy of the tree
// installed with `npm ci --omit=dev` starts web, smtp and worker. An import of a package that only a
// development dependency brings in makes a process fail to start here.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { adminDatabaseUrl, redisPrefix, redisUrl } from "../helpers/env";
import { firstLine, freePort } from "../helpers/net";
import { isolatedDatabase } from "../helpers/pg";
import { baseEnv, startMailroom, type Running } from "../helpers/process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const copy = mkdtempSync(path.join(tmpdir(), "mailroom-production-"));
const running: Running[] = [];
let dropDatabase: () => Promise<void> = async () => undefined;

afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  await dropDatabase();
  rmSync(copy, { recursive: true, force: true });
});

// The tree as a clone would have it (tracked and new files, nothing ignored), plus the current web build and
// Prisma client. `cp -a` keeps modification times, so the copy's build counts as current.
function copyTree(): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  execFileSync("cp", ["-a", "--parents", "-t", copy, ...files, ".next", "server/db/generated"], { cwd: root, stdio: "ignore" });
}

describe("a production install", () => {
  it("npm ci --omit=dev accepts the lock file, and every process starts", { timeout: 300_000 }, async () => {
    copyTree();
    execFileSync("npm", ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: copy, stdio: "pipe", timeout: 240_000 });
    // Development dependencies really are absent, so a process importing one would fail below.
    for (const dev of ["vitest", "mailparser", "eslint"]) expect(existsSync(path.join(copy, "node_modules", dev)), dev).toBe(false);

    const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_prodinstall");
    dropDatabase = isolated.drop;
    const ports = { web: await freePort(), smtp: await freePort(), submission: await freePort(), submissions: await freePort() };
    const env = baseEnv({
      DATABASE_URL: isolated.url,
      REDIS_URL: redisUrl(),
      MAILROOM_REDIS_PREFIX: redisPrefix(),
      MAILROOM_LISTEN: "127.0.0.1",
      MAILROOM_DATA_DIR: path.join(copy, ".data"),
      MAILROOM_WEB_PORT: String(ports.web),
      MAILROOM_SMTP_PORT: String(ports.smtp),
      MAILROOM_SUBMISSION_PORT: String(ports.submission),
      MAILROOM_SUBMISSIONS_PORT: String(ports.submissions),
    });
    for (const name of ["web", "smtp", "worker"]) {
      const process = startMailroom([name], env, undefined, { root: copy });
      running.push(process);
      await process.waitForLog((l) => l.msg === `${name} started`, 60_000);
    }

    const health = await fetch(`http://127.0.0.1:${ports.web}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.web}/admin/login`)).status).toBe(200);
    expect(await firstLine(ports.smtp)).toBe("220 localhost ESMTP Mailroom");
  });
});
