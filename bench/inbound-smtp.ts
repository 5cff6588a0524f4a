// Inbound SMTP: messages/s the incoming listener accepts from 20 connections sending back to back, each message
// checked (SPF, DKIM, DMARC against a table resolver) and stored and committed in its recipient's mailbox before
// the 250, next to a bare smtp-server that only discards. Same client in its own thread, same signed bytes.
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { SMTPServer } from "smtp-server";
import { Authenticator } from "../server/auth/authenticate";
import { loadConfig, type Config } from "../server/config/env";
import type { Db } from "../server/db/client";
import { dkimSignatureHeaders, generateDkimKey } from "../server/dkim/sign";
import { createLogger } from "../server/log/logger";
import { staticResolver, type Resolver } from "../server/net/resolver";
import { systemClock } from "../server/runtime/clock";
import { startSmtpListeners } from "../server/smtp/listeners";
import { createAccount } from "../server/provision/account";
import { cachedAddressOwners } from "../server/store/address-owner";
import { createDomain } from "../server/store/domains";
import { runLoad, type LoadResult } from "./load";
import { createMetrics } from "../server/metrics/metrics";

export const CONNECTIONS = 20;
export const WARMUP_SECONDS = 1;
const MESSAGE_BYTES = 10 * 1024;
const DOMAIN = "bench-inbound.example";
const SENDER_DOMAIN = "sender.bench.example";
const SELECTOR = "bench";
const FROM = `news@${SENDER_DOMAIN}`;

type Server = { port: number; close: () => Promise<void> };
// serverBusy: the share of the run this thread, the server's, was working. Near 1 means the server set the
// pace, not the client or the database.
export type InboundSide = LoadResult & { warmedUp: number; serverBusy: number };
export type InboundSmtpBench = { mailroom: InboundSide; baseline: InboundSide; stored: number; messageBytes: number };

const PARAGRAPH = [
  "Thank you for reading this week's issue. Below you will find the changes to",
  "the service since the last one, the maintenance windows planned for next",
  "month, and a few answers to questions readers sent us. As always, replies",
  "to this message reach a person, so do write if something is unclear.",
];

// A newsletter as it arrives: text and HTML alternatives of the same paragraphs, addressed to a list.
function newsletter(paragraphs: number): Buffer {
  const boundary = "=_alternative_4f1c";
  const text = Array.from({ length: paragraphs }, () => PARAGRAPH.join("\r\n")).join("\r\n\r\n");
  const html = Array.from({ length: paragraphs }, () => `<p>${PARAGRAPH.join("\r\n")}</p>`).join("\r\n");
  return Buffer.from(
    [
      `From: Bench News <${FROM}>`,
      `To: Readers <readers@${SENDER_DOMAIN}>`,
      "Subject: This week: service changes and maintenance windows",
      "Date: Sat, 21 Nov 2026 10:00:00 +0000",
      `Message-ID: <issue-42@${SENDER_DOMAIN}>`,
      "MIME-Version: 1.0",
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      text,
      `--${boundary}`,
      "Content-Type: text/html; charset=utf-8",
      "",
      `<html><body>${html}</body></html>`,
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

// As many paragraphs as fit in MESSAGE_BYTES once signed; the signature's length does not depend on the content.
async function signedNewsletter(privateKeyPem: string): Promise<Buffer> {
  const sign = async (raw: Buffer) =>
    Buffer.concat([Buffer.from(await dkimSignatureHeaders(raw, SENDER_DOMAIN, [{ selector: SELECTOR, algorithm: "rsa", privateKeyPem, hash: "sha256", headers: [] }])), raw]);
  const signatureBytes = (await sign(newsletter(0))).length - newsletter(0).length;
  let paragraphs = 0;
  while (newsletter(paragraphs + 1).length + signatureBytes <= MESSAGE_BYTES) paragraphs += 1;
  return sign(newsletter(paragraphs));
}

// The sender's SPF, DKIM and DMARC records, so all three checks pass for mail from 127.0.0.1.
function senderDns(publicKeyDns: string): Resolver {
  return staticResolver({
    txt: {
      [SENDER_DOMAIN]: [["v=spf1 ip4:127.0.0.1 -all"]],
      [`${SELECTOR}._domainkey.${SENDER_DOMAIN}`]: [[`v=DKIM1; k=rsa; p=${publicKeyDns}`]],
      [`_dmarc.${SENDER_DOMAIN}`]: [["v=DMARC1; p=reject"]],
    },
  });
}

// One account per connection: an MX receives for many mailboxes, and one Inbox would serialise every delivery
// on its UID counter.
async function provision(db: Db): Promise<string[]> {
  await createDomain(db, { name: DOMAIN });
  const recipients = Array.from({ length: CONNECTIONS }, (_, i) => `rcpt${i}@${DOMAIN}`);
  for (const [i, address] of recipients.entries()) await createAccount(db, { name: `rcpt${i}`, address });
  return recipients;
}

function benchConfig(dataDir: string): Config {
  return loadConfig({
    MAILROOM_HOSTNAME: "mx.bench.example",
    MAILROOM_LISTEN: "127.0.0.1",
    MAILROOM_SMTP_PORT: "0",
    MAILROOM_SUBMISSION_PORT: "0",
    MAILROOM_SUBMISSIONS_PORT: "0",
    MAILROOM_DATA_DIR: dataDir,
  });
}

// The listeners as production starts them, except that post-processing kicks are counted instead of queued (no
// Redis); the incoming port never kicks delivery.
async function startMailroom(db: Db, config: Config, resolver: Resolver): Promise<Server & { kicked: () => number }> {
  let kicked = 0;
  const bound = await startSmtpListeners(config, {
    db,
    logger: createLogger("bench", "silent"),
    clock: systemClock,
    hostname: config.hostname,
    maxMessageSize: config.maxMessageSize,
    resolver,
    localserve: false,
    authenticator: new Authenticator(db),
    metrics: createMetrics(),
    findAddressOwner: cachedAddressOwners(db),
    kickDelivery: async () => undefined,
    incoming: {
      kick: async (ids) => {
        kicked += ids.length;
      },
    },
  });
  // One listen address, so the first bound service is the incoming one.
  return {
    port: bound[0]!.port,
    kicked: () => kicked,
    close: async () => {
      await Promise.all(bound.map((b) => b.close()));
    },
  };
}

// The baseline: smtp-server with the incoming listener's options that cost something, discarding each message.
function startSink(config: Config): Promise<Server> {
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ["AUTH"],
    size: config.maxMessageSize,
    rejectOversized: true,
    onData(stream, _session, callback) {
      stream.on("end", () => callback());
      stream.resume();
    },
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ port: (server.server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) }),
    ),
  );
}

// The same client for both sides: a warm-up (JIT, connection pools, caches), then the measured run; then the
// server is closed.
async function drive(server: Server, recipients: string[], message: Buffer, seconds: number): Promise<InboundSide> {
  const spec = { smtp: { port: server.port, helo: `mail.${SENDER_DOMAIN}`, from: FROM, recipients }, body: message, concurrency: CONNECTIONS };
  try {
    const warm = await runLoad({ ...spec, seconds: WARMUP_SECONDS });
    const before = performance.eventLoopUtilization();
    const result = await runLoad({ ...spec, seconds });
    return { ...result, warmedUp: warm.ok, serverBusy: performance.eventLoopUtilization(before).utilization };
  } finally {
    await server.close();
  }
}

// A 250 promises the message is stored and committed, checked, and queued for post-processing: every accepted
// message must be in the database with SPF, DKIM and DMARC passing, or the figure measures something else.
async function checkStored(db: Db, side: InboundSide, kicked: number): Promise<number> {
  const accepted = side.warmedUp + side.ok;
  const stored = await db.message.count();
  const passed = await db.message.count({ where: { mailFromValidated: true, msgFromValidated: true, dkimVerifiedDomains: { equals: [SENDER_DOMAIN] } } });
  if (stored !== accepted || passed !== stored || kicked !== stored) {
    throw new Error(`inbound smtp: ${accepted} accepted, but ${stored} stored, ${passed} with SPF, DKIM and DMARC passing, ${kicked} kicked`);
  }
  return stored;
}

export async function benchInboundSmtp(db: Db, seconds: number): Promise<InboundSmtpBench> {
  const key = generateDkimKey("rsa");
  const message = await signedNewsletter(key.privateKeyPem);
  const recipients = await provision(db);
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailroom-bench-"));
  try {
    const config = benchConfig(dataDir);
    const listener = await startMailroom(db, config, senderDns(key.publicKeyDns));
    const mailroom = await drive(listener, recipients, message, seconds);
    const stored = await checkStored(db, mailroom, listener.kicked());
    const baseline = await drive(await startSink(config), recipients, message, seconds);
    return { mailroom, baseline, stored, messageBytes: message.length };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
