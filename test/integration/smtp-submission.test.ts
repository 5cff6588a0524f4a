// Submission over real SMTP on 127.0.0.1: AUTH only over TLS, failed logins limited, the From must be the
// account's, and a message becomes one queue row per recipient with DKIM, Extra and fromids.
import { connect as connectTls } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { generateDkimKey } from "../../server/dkim/sign";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { testDb, unique } from "../helpers/env";
import { insertRetiredMessage } from "../helpers/queue-rows";
import { converse, smtpClient, startTestSmtp, type TestSmtp } from "../helpers/smtp-listeners";

let db: Db;
let smtp: TestSmtp;
let domain: string;
let account: string;
const password = "correct horse battery";

beforeAll(async () => {
  db = testDb();
  domain = `${unique("sub")}.example`.toLowerCase();
  const d = await createDomain(db, { name: domain, catchallSeparators: ["+"] });
  const key = generateDkimKey("ed25519");
  await db.dkimKey.create({ data: { domainId: d.id, selector: "s1", algorithm: "ed25519", privateKeyPem: key.privateKeyPem, publicKeyDns: key.publicKeyDns } });
  account = unique("sub");
  const a = await createAccount(db, { name: account, address: `app@${domain}`, password });
  await db.address.create({ data: { accountId: a.id, domainId: d.id, localpart: "bounces" } });
  await db.account.update({ where: { id: a.id }, data: { fromIdLoginAddresses: [`bounces@${domain}`] } });
  await createAccount(db, { name: unique("other"), address: `someone@${domain}` });
  smtp = await startTestSmtp(db);
});

afterAll(async () => {
  await smtp.close();
  await db.$disconnect();
});

const login = (user = `app@${domain}`) => ({ user, pass: password });

function message(subject: string, extraHeaders = "", from = `app@${domain}`): Buffer {
  return Buffer.from(`From: App <${from}>\r\nTo: a@remote.example\r\nSubject: ${subject}\r\n${extraHeaders}\r\nBody.\r\n`);
}

const rowsFor = (subject: string) => db.queueMessage.findMany({ where: { subject }, orderBy: { id: "asc" } });

describe("submission", () => {
  it("offers AUTH and STARTTLS, and refuses AUTH and MAIL before TLS", async () => {
    const [ehlo, auth, mail] = await converse(smtp.ports.submission, ["EHLO client.test", "AUTH PLAIN AGFAYg==", "MAIL FROM:<app@x.example>"]);
    expect(ehlo).toMatch(/^250[- ]AUTH PLAIN LOGIN$/m);
    expect(ehlo).toMatch(/^250[- ]STARTTLS$/m);
    expect(auth).toMatch(/^538 /);
    expect(mail).toMatch(/^530 /);
  });

  it("queues one row per recipient over STARTTLS, DKIM-signed, with Message-Id and Date added", async () => {
    const subject = unique("two");
    const info = await smtpClient({ port: smtp.ports.submission, ca: smtp.ca, auth: login() }).sendMail({
      envelope: { from: `app@${domain}`, to: ["a@remote.example", "b@other.example"] },
      raw: message(subject),
    });
    expect(info.response).toMatch(/^250 2\.6\.0 queued as \d+, \d+$/);
    const rows = await rowsFor(subject);
    expect(rows.map((r) => `${r.recipientLocalpart}@${r.recipientDomain}`)).toEqual(["a@remote.example", "b@other.example"]);
    expect(rows.every((r) => r.senderAccount === account && r.senderLocalpart === "app" && r.fromId === "")).toBe(true);
    const prefix = Buffer.from(rows[0]!.msgPrefix).toString();
    expect(prefix).toMatch(/^Received: from \[127\.0\.0\.1\] by mx\.test with ESMTPSA id /);
    expect(prefix).toMatch(new RegExp(`DKIM-Signature: v=1; a=ed25519-sha256;[\\s\\S]* d=${domain.replace(/\./g, "\\.")};[\\s\\S]* s=s1;`));
    const content = await db.queueContent.findUniqueOrThrow({ where: { id: rows[0]!.contentId } });
    const raw = Buffer.from(content.raw).toString();
    expect(raw).toMatch(/^Message-Id: <[^>]+@mx\.test>\r\nDate: /);
    expect(rows[0]!.messageIdHeader).toBe(/^Message-Id: (<[^>]+>)/.exec(raw)![1]);
    expect(smtp.deliveryKicks.map((k) => k.domain)).toEqual(expect.arrayContaining(["remote.example", "other.example"]));
  });

  it("accepts implicit TLS on the submissions port", async () => {
    const subject = unique("implicit");
    await smtpClient({ port: smtp.ports.submissions, secure: true, ca: smtp.ca, auth: login() }).sendMail({ envelope: { from: `app@${domain}`, to: ["a@remote.example"] }, raw: message(subject) });
    expect(await rowsFor(subject)).toHaveLength(1);
  });

  it("refuses a MAIL FROM or From header of another account", async () => {
    const client = smtpClient({ port: smtp.ports.submission, ca: smtp.ca, auth: login() });
    await expect(client.sendMail({ envelope: { from: `someone@${domain}`, to: ["a@remote.example"] }, raw: message(unique("x")) })).rejects.toMatchObject({
      response: expect.stringMatching(/^550 5\.7\.1 mail from address must belong/),
    });
    const subject = unique("forged");
    await expect(client.sendMail({ envelope: { from: `app@${domain}`, to: ["a@remote.example"] }, raw: message(subject, "", `someone@${domain}`) })).rejects.toMatchObject({
      response: expect.stringMatching(/^550 5\.7\.1 message from address must belong/),
    });
    expect(await rowsFor(subject)).toHaveLength(0);
  });

  it("carries X-Mox-Extra headers as Extra with canonical keys, and refuses duplicate keys with 554 5.6.0", async () => {
    const client = smtpClient({ port: smtp.ports.submission, ca: smtp.ca, auth: login() });
    const subject = unique("extra");
    await client.sendMail({
      envelope: { from: `app@${domain}`, to: ["a@remote.example", "b@remote.example"] },
      raw: message(subject, "X-Mox-Extra-a: 1\r\nx-mox-extra-x-cANONICAL-z: 2\r\nX-Mox-Extra-Customer-Id: 42\r\n"),
    });
    const rows = await rowsFor(subject);
    expect(rows.map((r) => r.extra)).toEqual([
      { A: "1", "X-Canonical-Z": "2", "Customer-Id": "42" },
      { A: "1", "X-Canonical-Z": "2", "Customer-Id": "42" },
    ]);
    const dup = unique("dup");
    await expect(
      client.sendMail({ envelope: { from: `app@${domain}`, to: ["a@remote.example"] }, raw: message(dup, "X-Mox-Extra-Key: 1\r\nX-MOX-EXTRA-KEY: 2\r\n") }),
    ).rejects.toMatchObject({ responseCode: 554, response: expect.stringMatching(/^554 5\.6\.0 duplicate x-mox-extra- key "Key"/) });
    expect(await rowsFor(dup)).toHaveLength(0);
  });

  it("uses fromids when logged in with a fromid login address, and a fromid the client chose", async () => {
    const client = smtpClient({ port: smtp.ports.submission, ca: smtp.ca, auth: login(`bounces@${domain}`) });
    const subject = unique("fromid");
    await client.sendMail({ envelope: { from: `app@${domain}`, to: ["a@remote.example", "b@remote.example"] }, raw: message(subject) });
    const rows = await rowsFor(subject);
    expect(rows.map((r) => r.fromId)).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), expect.stringMatching(/^[A-Za-z0-9_-]{22}$/)]);
    expect(rows[0]!.fromId).not.toBe(rows[1]!.fromId);
    expect(rows.map((r) => r.senderLocalpart)).toEqual(rows.map((r) => `app+${r.fromId}`));
    expect(rows[0]!.baseId).toBe(0n);

    const chosen = unique("chosen");
    await client.sendMail({ envelope: { from: `app+${chosen}@${domain}`, to: ["a@remote.example"] }, raw: message(chosen) });
    expect((await rowsFor(chosen)).map((r) => [r.fromId, r.senderLocalpart])).toEqual([[chosen, `app+${chosen}`]]);

    await expect(client.sendMail({ envelope: { from: `app+${unique("c")}@${domain}`, to: ["a@remote.example", "b@remote.example"] }, raw: message(unique("m")) })).rejects.toMatchObject({
      response: expect.stringMatching(/^554 5\.5\.3 /),
    });
    const used = unique("used");
    await insertRetiredMessage(db, { fromId: used });
    await expect(client.sendMail({ envelope: { from: `app+${used}@${domain}`, to: ["a@remote.example"] }, raw: message(unique("m")) })).rejects.toMatchObject({
      response: expect.stringMatching(/^554 5\.1\.7 bad fromid/),
    });
  });
});

describe("failed logins", () => {
  // A loopback address of its own, so other test files' failures on 127.0.0.1 do not share its limits.
  const localAddress = "127.0.88.10";

  it("answers wrong passwords with 535, and disconnects a client over the limit before checking its password", async () => {
    const wrong = { user: `app@${domain}`, pass: "wrong password" };
    for (let i = 0; i < 10; i++) {
      await expect(smtpClient({ port: smtp.ports.submissions, secure: true, ca: smtp.ca, auth: wrong, localAddress }).verify()).rejects.toMatchObject({
        response: expect.stringMatching(/^535 5\.7\.8 authentication credentials invalid/),
      });
    }
    await expect(smtpClient({ port: smtp.ports.submissions, secure: true, ca: smtp.ca, auth: login(), localAddress }).verify()).rejects.toMatchObject({
      response: expect.stringMatching(/^421 4\.7\.0 too many failed authentication attempts/),
    });
    // The window is a fixed minute of the listener's clock; in the next one the right password works again.
    smtp.deps.clock.advance(60_000);
    await expect(smtpClient({ port: smtp.ports.submissions, secure: true, ca: smtp.ca, auth: login(), localAddress }).verify()).resolves.toBe(true);
  });
});

describe("header checks on submission", () => {
  // nodemailer turns every bare CR and LF into CRLF, so these messages go over a conversation of our own on the
  // implicit-TLS port. Returns the reply to the final dot.
  async function submitRaw(data: string): Promise<string> {
    const socket = connectTls({ host: "127.0.0.1", port: smtp.ports.submissions, ca: smtp.ca, servername: "mx.test" });
    let buffered = "";
    let wake = () => {};
    socket.on("data", (d: Buffer) => {
      buffered += d.toString("latin1");
      wake();
    });
    let closed = false;
    socket.on("close", () => {
      closed = true;
      wake();
    });
    socket.on("error", () => undefined);
    const reply = async (): Promise<string> => {
      for (;;) {
        const m = /(?:^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffered);
        if (m) {
          const text = buffered.slice(0, m.index + m[0].length).trim();
          buffered = buffered.slice(m.index + m[0].length);
          return text;
        }
        if (closed) throw new Error(`connection closed after: ${buffered}`);
        await new Promise<void>((r) => (wake = r));
      }
    };
    const auth = Buffer.from(`\0app@${domain}\0${password}`).toString("base64");
    try {
      await reply();
      for (const command of ["EHLO client.test", `AUTH PLAIN ${auth}`, `MAIL FROM:<app@${domain}>`, "RCPT TO:<a@remote.example>", "DATA"]) {
        socket.write(`${command}\r\n`);
        const r = await reply();
        if (!/^[23]/.test(r.slice(r.lastIndexOf("\n") + 1))) throw new Error(`${command}: ${r}`);
      }
      socket.write(`${data}.\r\n`);
      return await reply();
    } finally {
      socket.destroy();
    }
  }

  it("refuses a second From header with 554 5.6.0, naming the header", async () => {
    const subject = unique("twofrom");
    const reply = await submitRaw(`From: App <app@${domain}>\r\nFrom: <ceo@bank.example>\r\nTo: a@remote.example\r\nSubject: ${subject}\r\n\r\nBody.\r\n`);
    expect(reply).toMatch(/^554 5\.6\.0 message has 2 From headers; at most 1 allowed/);
    expect(await rowsFor(subject)).toHaveLength(0);
  });

  it("refuses a From header hidden behind a bare LF", async () => {
    const subject = unique("barelf");
    const reply = await submitRaw(`From: App <app@${domain}>\r\nTo: a@remote.example\r\nSubject: ${subject}\nFrom: <ceo@bank.example>\r\n\r\nBody.\r\n`);
    expect(reply).toMatch(/^554 5\.6\.0 message has 2 From headers/);
    expect(await rowsFor(subject)).toHaveLength(0);
  });

  it("refuses a header line hidden behind a bare CR, which the next hop turns into a line of its own", async () => {
    const subject = unique("barecr");
    const reply = await submitRaw(`From: App <app@${domain}>\r\nTo: a@remote.example\r\nSubject: ${subject}\r\nX-Note: a\rReply-To: <ceo@bank.example>\r\n\r\nBody.\r\n`);
    expect(reply).toMatch(/^554 5\.6\.0 message header has a bare CR/);
    expect(await rowsFor(subject)).toHaveLength(0);
  });

  it("refuses repeats of the other header fields RFC 5322 allows once", async () => {
    for (const header of ["Sender", "To", "Cc", "Bcc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References"]) {
      const line = header === "Date" ? "Date: 1 Jan 2024 00:00:00 +0000\r\n" : `${header}: <x${header}@remote.example>\r\n`;
      const reply = await submitRaw(`From: App <app@${domain}>\r\n${line}${line.toLowerCase()}Subject: s\r\n\r\nBody.\r\n`);
      const count = header === "Subject" ? 3 : 2;
      expect(reply, header).toMatch(new RegExp(`^554 5\\.6\\.0 message has ${count} ${header} headers; at most 1 allowed`));
    }
  });

  it("refuses a header section that does not end in an empty line, where another parser could read on", async () => {
    const early = await submitRaw(`From: App <app@${domain}>\r\nTo: a@remote.example\r\nnot a header field\r\nFrom: <ceo@bank.example>\r\n\r\nBody.\r\n`);
    expect(early).toMatch(/^554 5\.6\.0 message header ends at a line that is not a header field/);
    expect(await submitRaw(`From: App <app@${domain}>\r\nTo: a@remote.example\r\nSubject: no body\r\n`)).toMatch(/^554 5\.6\.0 message requires both header and body section/);
  });

  it("still accepts a normal message, also with LF-only line endings and UTF-8 in its header", async () => {
    const subject = unique("normal");
    const crlf = await submitRaw(`From: App <app@${domain}>\r\nTo: a@remote.example\r\nCc: b@remote.example\r\nSubject: ${subject} ☺\r\nX-Tag: one\r\nX-Tag: two\r\nReceived: from a\r\nReceived: from b\r\n\r\nBody.\r\n`);
    expect(crlf).toMatch(/^250 2\.6\.0 queued as \d+$/);
    expect(await rowsFor(`${subject} ☺`)).toHaveLength(1);
    const lf = unique("lf");
    expect(await submitRaw(`From: App <app@${domain}>\nTo: a@remote.example\nSubject: ${lf}\n\nBody.\r\n`)).toMatch(/^250 /);
    expect(await rowsFor(lf)).toHaveLength(1);
  });
});

describe("submission recipients per transaction", () => {
  it("takes 100 RCPT (452 4.5.3 for the rest, to send in another transaction) and keeps the 250 line within 512 bytes", async () => {
    const subject = unique("many");
    const sender = `many@${domain}`;
    await createAccount(db, { name: unique("many"), address: sender, password });
    const to = Array.from({ length: 101 }, (_, i) => `r${i}@many.example`);
    const info = await smtpClient({ port: smtp.ports.submission, ca: smtp.ca, auth: login(sender) }).sendMail({ envelope: { from: sender, to }, raw: message(subject, "", sender) });
    expect(info.accepted).toHaveLength(100);
    expect(info.rejected).toEqual([to[100]]);
    expect(info.rejectedErrors?.[0]).toMatchObject({ responseCode: 452, response: expect.stringMatching(/^452 4\.5\.3 /) });
    expect(info.response).toMatch(/^250 2\.6\.0 queued as \d+(, \d+)*( and \d+ more)?$/);
    expect(Buffer.byteLength(`${info.response}\r\n`)).toBeLessThanOrEqual(512);
    expect(await rowsFor(subject)).toHaveLength(100);
  });
});
