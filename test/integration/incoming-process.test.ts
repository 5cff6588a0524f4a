// Post-processing of received mail (spec 6, 7, 2.6): DSNs and other messages arrive over real SMTP at a fromid
// address, are matched to the retired message by its fromid, and become outgoing events with the event, DSN
// flag and codes of spec 7.3; anything unmatched becomes an incoming-message event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { processIncoming, type IncomingDeps } from "../../server/incoming/process";
import { settableClock } from "../../server/runtime/clock";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { quietLogger, testDb, unique } from "../helpers/env";
import { insertRetiredMessage } from "../helpers/queue-rows";
import { smtpClient, startTestSmtp, type TestSmtp } from "../helpers/smtp-listeners";

let db: Db;
let smtp: TestSmtp;
let domain: string;
let account: string;
let deps: IncomingDeps;
const retries: bigint[] = [];

beforeAll(async () => {
  db = testDb();
  domain = `${unique("dsn")}.example`.toLowerCase();
  await createDomain(db, { name: domain, catchallSeparators: ["+"] });
  account = unique("dsn");
  const a = await createAccount(db, { name: account, address: `sender@${domain}`, keepRetiredMessagePeriodSec: 3600 });
  // Hooks are queued, not sent, in these tests: the URLs are never called.
  await db.account.update({ where: { id: a.id }, data: { outgoingWebhookUrl: "http://127.0.0.1:9/out", incomingWebhookUrl: "http://127.0.0.1:9/in", incomingWebhookAuthorization: "Basic aW46aG9vaw==" } });
  smtp = await startTestSmtp(db);
  deps = { db, clock: settableClock(new Date()), logger: quietLogger(), retry: async (id) => void retries.push(id) };
});

afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

type Case = { action?: string; status?: string; diagnostic?: string; recipients?: number; global?: boolean };

function dsnMessage(c: Case): Buffer {
  const type = c.global ? "message/global-delivery-status" : "message/delivery-status";
  const final = c.global ? "utf-8; rcpt-ü@remote.example" : "rfc822; rcpt@remote.example";
  const block = [`Final-Recipient: ${final}`, `Action: ${c.action ?? "failed"}`, `Status: ${c.status ?? "5.0.0"}`, ...(c.diagnostic ? [`Diagnostic-Code: smtp; ${c.diagnostic}`] : [])].join("\r\n");
  const blocks = Array.from({ length: c.recipients ?? 1 }, () => block).join("\r\n\r\n");
  return Buffer.from(
    [
      "From: Mail Delivery Subsystem <mailer-daemon@remote.example>",
      `To: sender@${domain}`,
      "Subject: Delivery Status Notification",
      `Content-Type: multipart/report; report-type=delivery-status; boundary="b"`,
      "MIME-Version: 1.0",
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--b",
      `Content-Type: ${type}`,
      "",
      "Reporting-MTA: dns; mx.remote.example",
      "",
      blocks,
      "",
      "--b--",
      "",
    ].join("\r\n"),
  );
}

async function receive(rcptTo: string, raw: Buffer): Promise<bigint> {
  const before = smtp.incomingKicks.length;
  await smtpClient({ port: smtp.ports.smtp, ca: smtp.ca }).sendMail({ envelope: { from: "", to: [rcptTo] }, raw });
  expect(smtp.incomingKicks).toHaveLength(before + 1);
  return smtp.incomingKicks.at(-1)!;
}

async function retiredWithFromId() {
  const fromId = unique("fid");
  const id = await insertRetiredMessage(db, {
    fromId,
    senderAccount: account,
    senderLocalpart: `sender+${fromId}`,
    senderDomainStr: domain,
    recipientLocalpart: "rcpt",
    recipientDomain: "remote.example",
    messageIdHeader: `<${fromId}@${domain}>`,
    subject: "the original",
    extra: { order: "17" },
  });
  return { id, fromId };
}

async function hooksFor(queueMsgId: bigint) {
  return db.webhook.findMany({ where: { queueMsgId }, orderBy: { id: "asc" } });
}

async function processMatched(c: Case | Buffer) {
  const retired = await retiredWithFromId();
  const msgId = await receive(`sender+${retired.fromId}@${domain}`, Buffer.isBuffer(c) ? c : dsnMessage(c));
  expect(await processIncoming(deps, msgId)).toBe("matched");
  const [hook, ...more] = await hooksFor(retired.id);
  expect(more).toHaveLength(0);
  const row = await db.retiredMessage.findUniqueOrThrow({ where: { id: retired.id } });
  const stored = await db.message.findUniqueOrThrow({ where: { id: msgId }, include: { incomingTask: true } });
  expect(stored.incomingTask).toBeNull();
  expect(await db.webhook.count({ where: { isIncoming: true, messageId: stored.messageIdHeader, account } })).toBe(0);
  return { retired, payload: JSON.parse(hook!.payload) as Record<string, unknown>, result: (row.results as Record<string, unknown>[]).at(-1)!, stored, hook: hook! };
}

describe("DSNs to a fromid address", () => {
  it("failed: event failed with the codes of Diagnostic-Code, and the recipient suppressed", async () => {
    const { retired, payload, result, stored, hook } = await processMatched({ action: "failed", status: "5.1.1", diagnostic: "550 5.1.1 user unknown" });
    expect(payload).toEqual({
      Version: 0,
      Event: "failed",
      DSN: true,
      Suppressing: true,
      QueueMsgID: Number(retired.id),
      FromID: retired.fromId,
      MessageID: `<${retired.fromId}@${domain}>`,
      Subject: "the original",
      WebhookQueued: expect.any(String),
      SMTPCode: 550,
      SMTPEnhancedCode: "5.1.1",
      Error: "",
      Extra: { order: "17" },
    });
    expect(hook).toMatchObject({ account, outgoingEvent: "failed", url: "http://127.0.0.1:9/out", isIncoming: false });
    expect(result).toMatchObject({ Success: false, Code: 550, Secode: "1.1", Error: "incoming message" });
    expect(stored.dsn).toBe(true);
    const suppression = await db.suppression.findFirstOrThrow({ where: { account, baseAddress: "rcpt@remote.example" } });
    expect(suppression.reason).toBe('delivery failure from DSN with smtp code 550, enhanced code "1.1"');
  });

  it.each([
    ["delayed", false],
    ["delivered", true],
    ["relayed", true],
    ["expanded", true],
  ])("%s: that event, success %s, codes 554 / 5.0.0 from the DSN", async (action, success) => {
    const { payload, result } = await processMatched({ action, status: "5.0.0", diagnostic: "554 5.0.0 error" });
    expect(payload).toMatchObject({ Event: action, DSN: true, Suppressing: false, SMTPCode: 554, SMTPEnhancedCode: "5.0.0" });
    expect(result).toMatchObject({ Success: success, Code: 554, Secode: "0.0", Error: "incoming message" });
  });

  it("falls back to the Status for the codes when Diagnostic-Code has none", async () => {
    const { payload } = await processMatched({ action: "failed", status: "4.4.7" });
    expect(payload).toMatchObject({ Event: "failed", SMTPCode: 400, SMTPEnhancedCode: "4.4.7", Suppressing: false });
  });

  it("an unknown action is unrecognized, DSN true, without codes", async () => {
    const { payload, result } = await processMatched({ action: "bogus", diagnostic: "554 5.0.0 error" });
    expect(payload).toMatchObject({ Event: "unrecognized", DSN: true, SMTPCode: 0, SMTPEnhancedCode: "" });
    expect(result).toMatchObject({ Success: false, Code: 0, Error: expect.stringMatching(/^parsing incoming dsn: /) });
  });

  it("a DSN about two recipients is unrecognized, DSN true, without codes", async () => {
    const { payload, result } = await processMatched({ action: "failed", diagnostic: "550 5.1.1 gone", recipients: 2 });
    expect(payload).toMatchObject({ Event: "unrecognized", DSN: true, SMTPCode: 0, SMTPEnhancedCode: "" });
    expect(result.Error).toBe("incoming dsn has 2 recipients, expecting 1");
  });

  it("a message that is not a DSN is unrecognized, DSN false", async () => {
    const reply = Buffer.from(`From: rcpt@remote.example\r\nTo: sender@${domain}\r\nSubject: Re: the original\r\n\r\nThanks!\r\n`);
    const { payload, result, stored } = await processMatched(reply);
    expect(payload).toMatchObject({ Event: "unrecognized", DSN: false, SMTPCode: 0 });
    expect(result).toMatchObject({ Success: false, Error: "incoming message not a dsn" });
    expect(stored.dsn).toBe(false);
  });

  it("a global (UTF-8) DSN is parsed like any other", async () => {
    const { payload } = await processMatched({ action: "failed", status: "5.2.2", diagnostic: "552 5.2.2 mailbox full", global: true });
    expect(payload).toMatchObject({ Event: "failed", DSN: true, SMTPCode: 552, SMTPEnhancedCode: "5.2.2" });
  });

  it("a later DSN for the same message adds another result, and its hook supersedes the pending one", async () => {
    const retired = await retiredWithFromId();
    for (const action of ["delayed", "failed"]) {
      const id = await receive(`sender+${retired.fromId}@${domain}`, dsnMessage({ action, diagnostic: "451 4.0.0 later" }));
      await processIncoming(deps, id);
    }
    const results = (await db.retiredMessage.findUniqueOrThrow({ where: { id: retired.id } })).results as { Error: string }[];
    expect(results.slice(-2).map((r) => r.Error)).toEqual(["incoming message", "incoming message"]);
    const [pending, ...more] = await hooksFor(retired.id);
    expect(more).toEqual([]);
    expect(pending!.outgoingEvent).toBe("failed");
    // The account keeps no webhook history, so the superseded hook is gone rather than retired.
    expect(await db.retiredWebhook.findMany({ where: { queueMsgId: retired.id } })).toEqual([]);
  });
});

describe("messages not about an outgoing message", () => {
  it("an unknown fromid, or none, gives an incoming-message hook with the §2.6 payload", async () => {
    for (const rcptTo of [`sender+nosuchid@${domain}`, `sender@${domain}`]) {
      const subject = unique("plain");
      const id = await receive(rcptTo, Buffer.from(`From: Someone <someone@remote.example>\r\nTo: ${rcptTo}\r\nSubject: ${subject}\r\nMessage-Id: <${subject}@remote.example>\r\n\r\nHi\r\n`));
      expect(await processIncoming(deps, id)).toBe("incoming");
      const hook = await db.webhook.findFirstOrThrow({ where: { account, isIncoming: true, subject } });
      expect(hook).toMatchObject({ queueMsgId: 0n, url: "http://127.0.0.1:9/in", authorization: "Basic aW46aG9vaw==", outgoingEvent: "", messageId: `<${subject}@remote.example>` });
      const payload = JSON.parse(hook.payload) as { Subject: string; Text: string; Meta: Record<string, unknown> };
      expect(payload.Subject).toBe(subject);
      expect(payload.Text).toBe("Hi\n");
      expect(payload.Meta).toMatchObject({ MsgID: Number(id), MailFrom: "", RcptTo: rcptTo, RemoteIP: "127.0.0.1", MailboxName: "Inbox", Automated: true });
    }
  });

  it("a task is processed once: a second run finds nothing", async () => {
    const id = await receive(`sender@${domain}`, Buffer.from("Subject: once\r\n\r\nx\r\n"));
    expect(await processIncoming(deps, id)).toBe("incoming");
    expect(await processIncoming(deps, id)).toBe("none");
  });
});
