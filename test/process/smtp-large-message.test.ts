// A 30 MiB message through the real `mailroom smtp` process: it is stored whole, and the process's resident
// memory, sampled while the message streams and is stored, grows by less than three times the message size.
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { databaseUrl, redisPrefix, redisUrl, testDb, unique } from "../helpers/env";
import { freePort } from "../helpers/net";
import { baseEnv, startMailroom, type Running } from "../helpers/process";
import { smtpClient } from "../helpers/smtp-listeners";

const MiB = 1024 * 1024;
const db = testDb();
let smtp: Running | undefined;

afterAll(async () => {
  await smtp?.stop();
  await db.$disconnect();
});

function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

// Base64 lines, as an attachment travels; 30 MiB in all.
function largeMessage(to: string, subject: string, size: number): Buffer {
  const head = Buffer.from(`From: a@remote.example\r\nTo: ${to}\r\nSubject: ${subject}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n`);
  const line = Buffer.from(`${"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx".slice(0, 76)}\r\n`);
  const body = Buffer.alloc(size - head.length);
  for (let i = 0; i < body.length; i += line.length) line.copy(body, i);
  body.write("\r\n", body.length - 2);
  return Buffer.concat([head, body]);
}

describe("large messages", () => {
  it("a 30 MiB message is stored, and the smtp process grows by less than 3x its size", async () => {
    const domain = `${unique("big")}.example`.toLowerCase();
    await createDomain(db, { name: domain });
    const accountId = (await createAccount(db, { name: unique("big"), address: `user@${domain}` })).id;
    const port = await freePort();
    smtp = startMailroom(
      ["smtp"],
      baseEnv({
        DATABASE_URL: databaseUrl(),
        REDIS_URL: redisUrl(),
        MAILROOM_REDIS_PREFIX: redisPrefix(),
        MAILROOM_LISTEN: "127.0.0.1",
        MAILROOM_SMTP_PORT: String(port),
        MAILROOM_SUBMISSION_PORT: String(await freePort()),
        MAILROOM_SUBMISSIONS_PORT: String(await freePort()),
        MAILROOM_DATA_DIR: mkdtempSync(path.join(tmpdir(), "mailroom-big-")),
        MAILROOM_MAX_MESSAGE_SIZE: String(64 * MiB),
      }),
    );
    await smtp.waitForLog((l) => l.msg === "smtp started");
    const pid = smtp.child.pid!;
    const client = smtpClient({ port, ignoreTLS: true });
    const send = (raw: Buffer) => client.sendMail({ envelope: { from: "a@remote.example", to: [`user@${domain}`] }, raw });
    // A small message first, so what loads once (parsers, connections) is not counted.
    await send(largeMessage(`user@${domain}`, "warm-up", 64 * 1024));
    const before = rssBytes(pid);

    const size = 30 * MiB;
    const subject = unique("large");
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 5);
    try {
      await send(largeMessage(`user@${domain}`, subject, size));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssBytes(pid));

    const stored = await db.message.findFirstOrThrow({ where: { accountId, subject }, select: { size: true } });
    expect(Number(stored.size)).toBeGreaterThan(size);
    const growth = peak - before;
    console.log(`30 MiB message: rss before ${(before / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, growth ${(growth / size).toFixed(2)}x the message`);
    expect(growth).toBeLessThan(3 * size);
  });
});
