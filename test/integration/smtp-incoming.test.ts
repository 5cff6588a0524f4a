// Incoming mail over real SMTP on 127.0.0.1: stored in the recipient's mailbox with SPF, DKIM and DMARC results,
// refused at RCPT TO for unknown users and foreign domains, and size-limited while streaming.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { dkimSignatureHeaders, generateDkimKey } from "../../server/dkim/sign";
import { staticResolver } from "../../server/net/resolver";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { quietLogger, testDb, unique } from "../helpers/env";
import { converse, smtpClient, startTestSmtp, type TestSmtp } from "../helpers/smtp-listeners";

let db: Db;
let smtp: TestSmtp;
let domain: string;
let accountId: number;
const senderDomain = "sender.example";
const key = generateDkimKey("rsa");

beforeAll(async () => {
  db = testDb();
  domain = `${unique("in")}.example`.toLowerCase();
  await createDomain(db, { name: domain, catchallSeparators: ["+"] });
  accountId = (await createAccount(db, { name: unique("in"), address: `user@${domain}` })).id;
  const resolver = staticResolver({
    txt: {
      [senderDomain]: [["v=spf1 ip4:127.0.0.1 -all"]],
      [`sel._domainkey.${senderDomain}`]: [[`v=DKIM1; k=rsa; p=${key.publicKeyDns}`]],
      [`_dmarc.${senderDomain}`]: [["v=DMARC1; p=reject"]],
    },
  });
  smtp = await startTestSmtp(db, { resolver });
});

afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

function message(to: string, subject: string, from = `alice@${senderDomain}`): Buffer {
  return Buffer.from(`From: Alice <${from}>\r\nTo: ${to}\r\nSubject: ${subject}\r\nMessage-Id: <${unique("id")}@${senderDomain}>\r\nDate: Sat, 21 Nov 2026 10:00:00 +0000\r\n\r\nHello there.\r\n`);
}

async function signed(raw: Buffer): Promise<Buffer> {
  const headers = await dkimSignatureHeaders(raw, senderDomain, [{ selector: "sel", algorithm: "rsa", privateKeyPem: key.privateKeyPem, hash: "sha256", headers: [] }]);
  return Buffer.concat([Buffer.from(headers), raw]);
}

async function stored(subject: string) {
  return db.message.findFirst({ where: { accountId, subject }, include: { mailbox: true, content: true, incomingTask: true } });
}

describe("incoming smtp", () => {
  it("stores a message in the Inbox with passing SPF, DKIM and DMARC and a post-processing task", async () => {
    const subject = unique("signed");
    const info = await smtpClient({ port: smtp.ports.smtp, ca: smtp.ca }).sendMail({
      envelope: { from: `alice@${senderDomain}`, to: [`user@${domain}`] },
      raw: await signed(message(`user@${domain}`, subject)),
    });
    expect(info.response).toMatch(/^250 2\.6\.0 message delivered/);
    const m = await stored(subject);
    expect(m?.mailbox.name).toBe("Inbox");
    expect(m).toMatchObject({ mailFrom: `alice@${senderDomain}`, mailFromValidated: true, msgFromValidated: true, dkimVerifiedDomains: [senderDomain], remoteIp: "127.0.0.1", rcptTo: `user@${domain}` });
    const prefix = Buffer.from(m!.content!.prefix).toString();
    expect(prefix).toMatch(/^Return-Path: <alice@sender\.example>\r\n/);
    expect(prefix).toMatch(/Authentication-Results: mx\.test;[\s\S]*dkim=pass[\s\S]*spf=pass[\s\S]*dmarc=pass/);
    expect(prefix).toMatch(/Received: from client\.test \(\[127\.0\.0\.1\]\) by mx\.test with ESMTPS id \S+\r\n\tfor <user@/);
    expect(m!.incomingTask).not.toBeNull();
    expect(smtp.incomingKicks).toContain(m!.id);
  });

  it("stores unauthenticated mail with the failed checks recorded", async () => {
    const subject = unique("forged");
    await smtpClient({ port: smtp.ports.smtp, ca: smtp.ca }).sendMail({
      envelope: { from: "bob@elsewhere.example", to: [`user+tag@${domain}`] },
      raw: message(`user@${domain}`, subject, `ceo@${senderDomain}`),
    });
    const m = await stored(subject);
    expect(m).toMatchObject({ mailFromValidated: false, msgFromValidated: false, dkimVerifiedDomains: [], rcptTo: `user+tag@${domain}` });
    expect(Buffer.from(m!.content!.prefix).toString()).toMatch(/dmarc=fail/);
  });

  it("accepts bounces from the null sender", async () => {
    const subject = unique("bounce");
    await smtpClient({ port: smtp.ports.smtp, ca: smtp.ca }).sendMail({ envelope: { from: "", to: [`user@${domain}`] }, raw: message(`user@${domain}`, subject, `mailer-daemon@${senderDomain}`) });
    expect((await stored(subject))?.mailFrom).toBe("");
  });

  it("refuses unknown users and relaying at RCPT TO, and stores nothing", async () => {
    const subject = unique("refused");
    const client = smtpClient({ port: smtp.ports.smtp, ca: smtp.ca });
    await expect(client.sendMail({ envelope: { from: "x@elsewhere.example", to: [`nobody@${domain}`] }, raw: message("x", subject) })).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^550 5\.1\.1 no such user/),
    });
    await expect(client.sendMail({ envelope: { from: "x@elsewhere.example", to: ["victim@gmail.example"] }, raw: message("x", subject) })).rejects.toMatchObject({
      responseCode: 550,
      response: expect.stringMatching(/^550 5\.7\.1 relaying denied/),
    });
    expect(await stored(subject)).toBeNull();
  });

  it("accepts postmaster@ of our domains (RFC 5321) into the account with the domain's first address", async () => {
    const subject = unique("postmaster");
    const info = await smtpClient({ port: smtp.ports.smtp, ca: smtp.ca }).sendMail({ envelope: { from: "", to: [`PostMaster@${domain}`] }, raw: message(`postmaster@${domain}`, subject) });
    expect(info.response).toMatch(/^250 /);
    expect(await stored(subject)).toMatchObject({ rcptTo: `PostMaster@${domain}`, mailbox: { name: "Inbox" } });
    // Not for domains we do not serve.
    await expect(smtpClient({ port: smtp.ports.smtp, ca: smtp.ca }).sendMail({ envelope: { from: "", to: ["postmaster@gmail.example"] }, raw: message("x", subject) })).rejects.toMatchObject({ responseCode: 550 });
  });

  it("announces the extensions, offers STARTTLS and no AUTH", async () => {
    const [ehlo, auth] = await converse(smtp.ports.smtp, ["EHLO client.test", "AUTH PLAIN AGFAYg=="]);
    for (const ext of ["PIPELINING", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "STARTTLS", "SIZE 1048576"]) expect(ehlo).toMatch(new RegExp(`^250[- ]${ext}$`, "m"));
    expect(ehlo).not.toMatch(/AUTH/);
    expect(auth).toMatch(/^5\d\d /);
  });

  it("stores a message that is not valid MIME at all", async () => {
    const junk = Buffer.concat([Buffer.from("this is not a header\r\n"), Buffer.from([0xff, 0xfe, 0x00, 0x80]), Buffer.from("\r\n--x\r\nContent-Type: multipart/mixed; boundary=\r\n")]);
    const before = await db.message.count({ where: { accountId } });
    await smtpClient({ port: smtp.ports.smtp, ca: smtp.ca }).sendMail({ envelope: { from: "x@elsewhere.example", to: [`user@${domain}`] }, raw: junk });
    expect(await db.message.count({ where: { accountId } })).toBe(before + 1);
  });
});

describe("message size", () => {
  let small: TestSmtp;
  beforeAll(async () => {
    small = await startTestSmtp(db, { maxMessageSize: 64 * 1024, logger: quietLogger() });
  });
  afterAll(() => small.close());

  it("refuses a message over the limit with 552 after streaming it, and stores nothing", async () => {
    const subject = unique("big");
    const big = Buffer.concat([message(`user@${domain}`, subject), Buffer.alloc(200 * 1024, "a\r\n")]);
    await expect(smtpClient({ port: small.ports.smtp, ca: small.ca }).sendMail({ envelope: { from: "x@elsewhere.example", to: [`user@${domain}`] }, raw: big })).rejects.toMatchObject({
      responseCode: 552,
    });
    expect(await stored(subject)).toBeNull();
    const subject2 = unique("fits");
    await smtpClient({ port: small.ports.smtp, ca: small.ca }).sendMail({ envelope: { from: "x@elsewhere.example", to: [`user@${domain}`] }, raw: message(`user@${domain}`, subject2) });
    expect(await stored(subject2)).not.toBeNull();
  });
});

describe("recipients per transaction", () => {
  it("takes 100 RCPT (452 4.5.3 beyond), stores one copy per account, and keeps the 250 line within 512 bytes", async () => {
    const subject = unique("many");
    const second = (await createAccount(db, { name: unique("in2"), address: `second@${domain}` })).id;
    const rcpts = [...Array.from({ length: 98 }, (_, i) => `user+r${i}@${domain}`), `second@${domain}`, `second+x@${domain}`, `user+over@${domain}`];
    const replies = await converse(smtp.ports.smtp, [
      "EHLO client.test",
      `MAIL FROM:<alice@${senderDomain}>`,
      ...rcpts.map((r) => `RCPT TO:<${r}>`),
      "DATA",
      `${message(`user@${domain}`, subject).toString()}.`,
    ]);
    const rcptReplies = replies.slice(2, 2 + rcpts.length);
    expect(rcptReplies.slice(0, 100).every((r) => r.startsWith("250 "))).toBe(true);
    expect(rcptReplies[100]).toMatch(/^452 4\.5\.3 /);
    const dataReply = replies.at(-1)!;
    expect(dataReply).toMatch(/^250 2\.6\.0 message delivered as \d+, \d+$/);
    expect(Buffer.byteLength(`${dataReply}\r\n`)).toBeLessThanOrEqual(512);
    const copies = await db.message.findMany({ where: { subject }, orderBy: { accountId: "asc" } });
    expect(copies.map((m) => [m.accountId, m.rcptTo])).toEqual([
      [accountId, `user+r0@${domain}`],
      [second, `second@${domain}`],
    ]);
  });
});
