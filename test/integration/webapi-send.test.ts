// Spec 12.1 items 5-14 and acceptance 3-4: Send with every field, its queue rows and Sent copy, the errors, the
// suppression sequence and the Message* methods, against a real HTTP server and PostgreSQL.
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { simpleParser } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { apiStructure, parseStructure } from "../../server/message/structure";
import { basic, call, multipart, post, type CallResult } from "../helpers/webapi";
import { createFixture, PASSWORD_RAW, webapiSuite } from "../helpers/webapi-fixture";

const t = webapiSuite();

function ok(r: CallResult): Record<string, unknown> {
  if (r.status !== 200) throw new Error(`status ${r.status}: ${r.body.toString()}`);
  expect(r.contentType).toBe("application/json; charset=utf-8");
  return r.json() as Record<string, unknown>;
}

function expectError(r: CallResult, code: string): void {
  expect(r.status, r.body.toString()).toBe(400);
  expect((r.json() as { Code: string }).Code).toBe(code);
}

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.4\n% a tiny pdf for tests\n");

function fullRequest(now: Date) {
  return {
    From: [{ Name: "Møx Sender, Jr.", Address: t.fx.mjl.address }],
    To: [
      { Name: "Rcpt One", Address: "rcpt1@remote.example" },
      { Name: "", Address: "rcpt2@xn--74h.example" },
    ],
    CC: [{ Name: "Cé Cé", Address: "cc@remote.example" }],
    BCC: [{ Name: "", Address: "bcc@remote.example" }],
    ReplyTo: [
      { Name: "Reply One", Address: "reply1@remote.example" },
      { Name: "", Address: "reply2@remote.example" },
    ],
    MessageID: "<full-send-1@mail.test>",
    References: ["<ref1@remote.example>", "<ref2@remote.example>"],
    // The same instant written in +02:00: MessageGet must give it back in the sender's zone.
    Date: new Date(Math.floor(now.getTime() / 1000) * 1000 + 2 * 3600_000).toISOString().replace(".000Z", "+02:00"),
    Subject: "Tëst ☺ subject with a fairly long tail that needs folding across lines",
    Text: "Hello ☺,\nthis is the text part.\n",
    HTML: '<p>Hello ☺</p><img src="cid:img1@test">',
    Extra: { custom: "value", "x-other": "1" },
    Headers: [["X-Custom", "custom value"]],
    InlineFiles: [{ Name: "image.png", ContentType: "image/png", ContentID: "<img1@test>", Data: PNG.toString("base64") }],
    AttachedFiles: [{ Name: "résumé.pdf", ContentType: "", ContentID: "", Data: PDF.toString("base64") }],
    RequireTLS: true,
    FutureRelease: now.toISOString(),
    SaveSent: true,
  };
}

describe("Send", () => {
  let sent: { MessageID: string; Submissions: { Address: string; QueueMsgID: number; FromID: string }[] };
  let request: ReturnType<typeof fullRequest>;

  beforeAll(async () => {
    request = fullRequest(new Date());
    sent = ok(await call(t.api, t.auth, "Send", request)) as typeof sent;
  });

  it("returns the message id and one submission per recipient in To, CC, BCC order", () => {
    expect(sent.MessageID).toBe("<full-send-1@mail.test>");
    expect(sent.Submissions.map((s) => s.Address)).toEqual(["rcpt1@remote.example", "rcpt2@xn--74h.example", "cc@remote.example", "bcc@remote.example"]);
    const ids = sent.Submissions.map((s) => s.QueueMsgID);
    expect(ids.slice(1).map((id, i) => id - ids[i]!)).toEqual([1, 1, 1]);
    expect(sent.Submissions.every((s) => s.FromID === "")).toBe(true);
  });

  it("commits one queue row per recipient with Extra, RequireTLS and FutureRelease", async () => {
    const rows = await t.db.queueMessage.findMany({ where: { id: { in: sent.Submissions.map((s) => BigInt(s.QueueMsgID)) } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => `${r.recipientLocalpart}@${r.recipientDomainStr}`)).toEqual(["rcpt1@remote.example", "rcpt2@☺.example", "cc@remote.example", "bcc@remote.example"]);
    for (const r of rows) {
      expect(r.senderAccount).toBe(t.fx.mjl.name);
      expect(`${r.senderLocalpart}@${r.senderDomain}`).toBe(t.fx.mjl.address);
      expect(r.extra).toEqual({ custom: "value", "x-other": "1" });
      expect(r.requireTls).toBe(true);
      expect(r.futureReleaseRequest).toBe(`until;${new Date(request.FutureRelease).toISOString()}`);
      expect(r.baseId).toBe(rows[0]!.id);
      expect(r.contentId).toBe(rows[0]!.contentId);
      expect(r.hold).toBe(false);
      expect(r.messageIdHeader).toBe("<full-send-1@mail.test>");
      expect(r.subject).toBe(request.Subject);
      const prefix = Buffer.from(r.msgPrefix).toString();
      expect(prefix).toMatch(/^Received: from \[127\.0\.0\.1\] by mail\.test with HTTP id /);
      expect(prefix).not.toContain("for <");
      expect(prefix).toContain(`DKIM-Signature: v=1; a=ed25519-sha256;`);
    }
    expect(await t.db.sendHistory.count({ where: { accountId: t.fx.mjl.id } })).toBeGreaterThanOrEqual(4);
  });

  it("composes a message that parses back to the request and whose DKIM signature verifies", async () => {
    const row = await t.db.queueMessage.findUniqueOrThrow({ where: { id: BigInt(sent.Submissions[0]!.QueueMsgID) }, include: { content: true } });
    const message = Buffer.concat([Buffer.from(row.msgPrefix), Buffer.from(row.content.raw)]);
    const parsed = await simpleParser(message, { keepCidLinks: true });
    expect(parsed.from?.value).toEqual([{ name: "Møx Sender, Jr.", address: t.fx.mjl.address }]);
    const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
    expect(to.flatMap((t) => t!.value.map((v) => [v.name, v.address]))).toEqual([["Rcpt One", "rcpt1@remote.example"], ["", "rcpt2@☺.example"]]);
    expect((parsed.cc as { value: { name: string }[] }).value[0]!.name).toBe("Cé Cé");
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).toBe(request.Subject);
    expect(parsed.text).toBe(request.Text);
    expect(parsed.html).toBe(`${request.HTML}\n`);
    expect(parsed.messageId).toBe("<full-send-1@mail.test>");
    expect(parsed.inReplyTo).toBe("<ref2@remote.example>");
    expect(parsed.headers.get("x-custom")).toBe("custom value");
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.cid ?? "", a.content.equals(a.filename === "image.png" ? PNG : PDF)])).toEqual([
      ["image.png", "image/png", "img1@test", true],
      ["résumé.pdf", "application/pdf", "", true],
    ]);
    const verified = await dkimVerify(message, {
      resolver: async (name: string) => {
        expect(name).toBe(`sel1._domainkey.${t.fx.domain}`);
        return [[`v=DKIM1; k=ed25519; p=${t.fx.dkim.publicKeyDns}`]];
      },
    });
    expect(verified.results.map((r: { status: { result: string } }) => r.status.result)).toEqual(["pass"]);
  });

  it("saves a Sent copy that MessageGet returns like the request, with its Bcc", async () => {
    const got = ok(await call(t.api, t.auth, "MessageGet", { MsgID: await sentCopyId() })) as {
      Message: Record<string, unknown>;
      Structure: Record<string, unknown>;
      Meta: Record<string, unknown>;
    };
    const { Extra: _e, Headers: _h, InlineFiles: _i, AttachedFiles: _a, RequireTLS: _r, FutureRelease: _f, SaveSent: _s, ...message } = request;
    expect(got.Message).toEqual({
      ...message,
      To: [message.To[0], { Name: "", Address: "rcpt2@☺.example" }],
      HTML: `${message.HTML}\n`,
    });
    expect(got.Meta).toMatchObject({ Flags: ["$notjunk", "\\seen"], MailboxName: "Sent", MsgFrom: t.fx.mjl.address, DSN: false, DKIMVerifiedDomains: [] });
    const types = (s: Record<string, unknown>): unknown => [s.ContentType, ...(s.Parts as Record<string, unknown>[]).map(types)];
    expect(types(got.Structure)).toEqual(["multipart/mixed", ["multipart/related", ["multipart/alternative", ["text/plain"], ["text/html"]], ["image/png"]], ["application/pdf"]]);
    const pdf = (got.Structure.Parts as Record<string, unknown>[])[1]!;
    expect(pdf).toMatchObject({ ContentDisposition: "attachment", Filename: "résumé.pdf", DecodedSize: PDF.length, Parts: [] });
  });
});

async function sentCopyId(): Promise<number> {
  const m = await t.db.message.findFirstOrThrow({ where: { accountId: t.fx.mjl.id, messageIdHeader: "<full-send-1@mail.test>" } });
  return Number(m.id);
}

describe("Send with uploads", () => {
  it("takes multipart uploads with their Content-Type and Content-ID, and gives fromids to the fromid login", async () => {
    const request = { To: [{ Address: "someone@remote.example" }], Subject: "uploads", HTML: '<img src="cid:up1">', Headers: [["User-Agent", "curl-test/1"]], SaveSent: true };
    const form = multipart([
      { name: "request", data: JSON.stringify(request) },
      { name: "inlinefile", filename: "a.png", headers: { "Content-Type": "image/png", "Content-ID": "<up1>" }, data: PNG },
      { name: "inlinefile", filename: "b.png", headers: { "Content-Type": "image/png" }, data: PNG },
      { name: "attachedfile", filename: "notes.txt", headers: { "Content-ID": "<notes>" }, data: "plain notes\n" },
    ]);
    const r = await post(`${t.api.url}/webapi/v0/Send`, { auth: basic(`mjl+fromid@${t.fx.domain}`, PASSWORD_RAW), contentType: form.contentType, body: form.body });
    const result = ok(r) as { MessageID: string; Submissions: { QueueMsgID: number; FromID: string }[] };
    expect(result.MessageID).toMatch(/^<[A-Za-z0-9_-]{22}@mail\.test>$/);
    expect(result.Submissions).toHaveLength(1);
    expect(result.Submissions[0]!.FromID).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const row = await t.db.queueMessage.findUniqueOrThrow({ where: { id: BigInt(result.Submissions[0]!.QueueMsgID) }, include: { content: true } });
    expect(row.senderLocalpart).toBe(`mjl+${result.Submissions[0]!.FromID}`);
    expect(row.fromId).toBe(result.Submissions[0]!.FromID);
    expect(row.baseId).toBe(0n);
    expect(Buffer.from(row.msgPrefix).toString()).toContain("for <someone@remote.example>");
    const parsed = await simpleParser(Buffer.from(row.content.raw));
    expect(parsed.from?.value[0]).toEqual({ name: "Mjl Test", address: `mjl+fromid@${t.fx.domain}` });
    expect(parsed.headers.get("user-agent")).toBe("curl-test/1");
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.cid ?? "", a.contentDisposition])).toEqual([
      ["a.png", "image/png", "up1", "inline"],
      ["b.png", "image/png", "", "inline"],
      ["notes.txt", "text/plain", "notes", "attachment"],
    ]);
  });
});

describe("Send errors", () => {
  const to = [{ Address: "x@remote.example" }];

  it("reports each validation error with its code", async () => {
    expectError(await call(t.api, t.auth, "Send", { To: to }), "missingBody");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x", From: [{ Address: t.fx.other.address }] }), "badFrom");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x", From: [{ Address: "mjl@unknown.example" }] }), "badFrom");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x", From: [{ Address: t.fx.mjl.address }, { Address: t.fx.mjl.address }] }), "multipleFrom");
    expectError(await call(t.api, t.auth, "Send", { Text: "x" }), "noRecipients");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x", MessageID: "no-brackets@x" }), "malformedMessageID");
    expectError(await call(t.api, t.auth, "Send", { To: [{ Address: "not an address" }], Text: "x" }), "badAddress");
    expectError(await call(t.api, t.auth, "Send", { To: [{ Address: "a@b@c" }], Text: "x" }), "badAddress");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x", Subject: "bad\r\nBcc: evil@example.org" }), "user");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x", Headers: [["X-Evil", "a\nb"]] }), "user");
    expectError(await call(t.api, t.auth, "Send", { To: [{ Name: "a\u0007", Address: "x@remote.example" }], Text: "x" }), "user");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x", AttachedFiles: [{ Name: "a", Data: "not base64!" }] }), "user");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x", FutureRelease: new Date(Date.now() + 61 * 86400_000).toISOString() }), "user");
    expectError(await call(t.api, t.auth, "Send", { To: to, Text: "x".repeat(200 * 1024) }), "messageTooLarge");
    // Files that cannot fit once encoded are refused before the message is composed.
    const big = await call(t.api, t.auth, "Send", { To: to, Text: "x", AttachedFiles: [{ Name: "big.bin", Data: Buffer.alloc(90 * 1024).toString("base64") }] });
    expectError(big, "messageTooLarge");
    expect((big.json() as { Message: string }).Message).toMatch(/^text and files encode to more than \d+ bytes/);
  });

  it("enforces the daily message and first-time recipient limits, counting webapi sends", async () => {
    const limited = await createFixture(t.db);
    await t.db.account.update({ where: { id: limited.mjl.id }, data: { maxOutgoingMessagesPerDay: 3, maxFirstTimeRecipientsPerDay: 100, fromIdLoginAddresses: [] } });
    const a = basic(limited.mjl.address, PASSWORD_RAW);
    ok(await call(t.api, a, "Send", { To: [{ Address: "r1@remote.example" }, { Address: "r2@remote.example" }], Text: "x" }));
    expectError(await call(t.api, a, "Send", { To: [{ Address: "r1@remote.example" }, { Address: "r2@remote.example" }], Text: "x" }), "messageLimitReached");
    ok(await call(t.api, a, "Send", { To: [{ Address: "r1@remote.example" }], Text: "x" }));

    await t.db.account.update({ where: { id: limited.mjl.id }, data: { maxOutgoingMessagesPerDay: 100, maxFirstTimeRecipientsPerDay: 4 } });
    expectError(await call(t.api, a, "Send", { To: ["n1", "n2", "n3"].map((n) => ({ Address: `${n}@remote.example` })), Text: "x" }), "recipientLimitReached");
    ok(await call(t.api, a, "Send", { To: [{ Address: "r1@remote.example" }, { Address: "n1@remote.example" }], Text: "x" }));
  });

  it("refuses to send from a disabled domain", async () => {
    const d = await createFixture(t.db);
    await t.db.domain.update({ where: { name: d.domain }, data: { disabledReason: "moving to a new server" } });
    const r = await call(t.api, basic(d.mjl.address, PASSWORD_RAW), "Send", { To: [{ Address: "x@remote.example" }], Text: "x" });
    expectError(r, "domainDisabled");
    expect((r.json() as { Message: string }).Message).toContain("moving to a new server");
  });

  it("holds new messages that a hold rule matches", async () => {
    const rule = await t.db.holdRule.create({ data: { account: t.fx.mjl.name } });
    try {
      const r = ok(await call(t.api, t.auth, "Send", { To: [{ Address: "held@remote.example" }], Text: "x" })) as { Submissions: { QueueMsgID: number }[] };
      const row = await t.db.queueMessage.findUniqueOrThrow({ where: { id: BigInt(r.Submissions[0]!.QueueMsgID) } });
      expect(row.hold).toBe(true);
    } finally {
      await t.db.holdRule.delete({ where: { id: rule.id } });
    }
  });

  it("reports sentOverQuota when the Sent copy does not fit, with the message queued", async () => {
    const q = await createFixture(t.db);
    await t.db.account.update({ where: { id: q.mjl.id }, data: { quotaMessageSize: 10n } });
    const r = await call(t.api, basic(q.mjl.address, PASSWORD_RAW), "Send", { To: [{ Address: "q@remote.example" }], Text: "x", SaveSent: true });
    expectError(r, "sentOverQuota");
    expect(await t.db.queueMessage.count({ where: { senderAccount: q.mjl.name } })).toBe(1);
    expect(await t.db.message.count({ where: { accountId: q.mjl.id } })).toBe(0);
  });
});

describe("suppressions", () => {
  it("follows the sequence of spec 12.1 item 8", async () => {
    const a = basic(t.fx.other.address, PASSWORD_RAW);
    expect(ok(await call(t.api, a, "SuppressionList", {}))).toEqual({ Suppressions: [] });
    expect(ok(await call(t.api, a, "SuppressionAdd", { EmailAddress: "Remote.Last-catchall@xn--74h.localhost", Manual: true, Reason: "tests" }))).toEqual({});
    expectError(await call(t.api, a, "SuppressionAdd", { EmailAddress: "Remote.Last-catchall@xn--74h.localhost", Manual: true, Reason: "tests" }), "error");
    expectError(await call(t.api, a, "SuppressionAdd", { EmailAddress: "remotelast@☺.localhost", Manual: true, Reason: "tests" }), "error");
    expectError(await call(t.api, a, "SuppressionAdd", { EmailAddress: "not an address" }), "badAddress");
    const list = ok(await call(t.api, a, "SuppressionList", {})) as { Suppressions: Record<string, unknown>[] };
    expect(list.Suppressions).toHaveLength(1);
    expect(list.Suppressions[0]).toMatchObject({
      Account: t.fx.other.name,
      BaseAddress: "remotelast@☺.localhost",
      OriginalAddress: "Remote.Last-catchall@☺.localhost",
      Manual: true,
      Reason: "tests",
    });
    expect(list.Suppressions[0]!.ID).toEqual(expect.any(Number));
    expect(Number.isNaN(Date.parse(list.Suppressions[0]!.Created as string))).toBe(false);
    const present = async (address: string) => ok(await call(t.api, a, "SuppressionPresent", { EmailAddress: address })).Present;
    expect(await present("unrelated@☺.localhost")).toBe(false);
    expect(await present("remotelast@☺.localhost")).toBe(true);
    expect(await present("Remote.Last-catchall@☺.localhost")).toBe(true);
    expectError(await call(t.api, a, "SuppressionPresent", { EmailAddress: "not an address" }), "badAddress");
    expect(ok(await call(t.api, a, "SuppressionRemove", { EmailAddress: "remote.LAST+more@☺.LocalHost" }))).toEqual({});
    expectError(await call(t.api, a, "SuppressionRemove", { EmailAddress: "remote.LAST+more@☺.LocalHost" }), "error");
    expectError(await call(t.api, a, "SuppressionRemove", { EmailAddress: "not an address" }), "badAddress");
    expect(ok(await call(t.api, a, "SuppressionList", {}))).toEqual({ Suppressions: [] });
  });
});

describe("Message methods on the Sent copy", () => {
  let id: number;
  beforeAll(async () => {
    id = await sentCopyId();
  });

  it("MessageRawGet returns the stored bytes and MessagePartGet the decoded parts", async () => {
    const raw = await post(`${t.api.url}/webapi/v0/MessageRawGet`, { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: `request=${encodeURIComponent(JSON.stringify({ MsgID: id }))}` });
    expect(raw.status).toBe(200);
    expect(raw.contentType).toBe("text/plain");
    expect(raw.body.toString()).toContain("DKIM-Signature:");
    expect(raw.body.toString()).toMatch(/^DKIM-Signature:[\s\S]*\r\nBcc: bcc@remote\.example\r\nFrom: /);
    const got = ok(await call(t.api, t.auth, "MessageGet", { MsgID: id })) as { Structure: unknown };
    expect(apiStructure(parseStructure(raw.body))).toEqual(got.Structure);
    const parsed = await simpleParser(raw.body);
    expect(parsed.subject).toBe(fullRequest(new Date()).Subject);
    expectError(await call(t.api, t.auth, "MessageRawGet", { MsgID: 999_999_999 }), "messageNotFound");

    const part = (PartPath: number[]) =>
      post(`${t.api.url}/webapi/v0/MessagePartGet`, { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: `request=${encodeURIComponent(JSON.stringify({ MsgID: id, PartPath }))}` });
    const htmlPart = await part([0, 0, 1]);
    expect(htmlPart.status).toBe(200);
    expect(htmlPart.body.toString()).toBe('<p>Hello ☺</p><img src="cid:img1@test">\r\n');
    expect((await part([0, 1])).body.equals(PNG)).toBe(true);
    expect((await part([1])).body.equals(PDF)).toBe(true);
    expect((await part([])).status).toBe(200);
    const missing = await part([2]);
    expectError(missing, "partNotFound");
    expect((missing.json() as { Message: string }).Message).toBe("part 2 at index 0 not found");
    expectError(await call(t.api, t.auth, "MessagePartGet", { MsgID: 999_999_999, PartPath: [] }), "messageNotFound");
  });

  it("adds and removes flags and keywords", async () => {
    const flags = async () => ((ok(await call(t.api, t.auth, "MessageGet", { MsgID: id })) as { Meta: { Flags: string[] } }).Meta.Flags);
    expect(ok(await call(t.api, t.auth, "MessageFlagsAdd", { MsgID: id, Flags: ["\\answered", "$Forwarded", "custom"] }))).toEqual({});
    expect(await flags()).toEqual(["$forwarded", "$notjunk", "\\answered", "\\seen", "custom"]);
    ok(await call(t.api, t.auth, "MessageFlagsAdd", { MsgID: id, Flags: ["\\ANSWERED", "$forwarded", "CUSTOM"] }));
    expect(await flags()).toEqual(["$forwarded", "$notjunk", "\\answered", "\\seen", "custom"]);
    const mailbox = await t.db.mailbox.findFirstOrThrow({ where: { accountId: t.fx.mjl.id, name: "Sent" } });
    expect(mailbox.keywords).toContain("custom");
    expectError(await call(t.api, t.auth, "MessageFlagsAdd", { MsgID: id, Flags: ["bad flag"] }), "user");
    expectError(await call(t.api, t.auth, "MessageFlagsAdd", { MsgID: 999_999_999, Flags: ["\\seen"] }), "messageNotFound");
    ok(await call(t.api, t.auth, "MessageFlagsRemove", { MsgID: id, Flags: ["\\answered", "$forwarded", "custom"] }));
    expect(await flags()).toEqual(["$notjunk", "\\seen"]);
    ok(await call(t.api, t.auth, "MessageFlagsRemove", { MsgID: id, Flags: ["\\answered"] }));
    expectError(await call(t.api, t.auth, "MessageFlagsRemove", { MsgID: 999_999_999, Flags: ["\\seen"] }), "messageNotFound");
  });

  it("moves, then deletes", async () => {
    const meta = async () => (ok(await call(t.api, t.auth, "MessageGet", { MsgID: id })) as { Meta: { MailboxName: string } }).Meta;
    expect((await meta()).MailboxName).toBe("Sent");
    ok(await call(t.api, t.auth, "MessageMove", { MsgID: id, DestMailboxName: "Inbox" }));
    expect((await meta()).MailboxName).toBe("Inbox");
    expectError(await call(t.api, t.auth, "MessageMove", { MsgID: id, DestMailboxName: "Inbox" }), "user");
    expectError(await call(t.api, t.auth, "MessageMove", { MsgID: id, DestMailboxName: "Bogus" }), "user");
    expectError(await call(t.api, t.auth, "MessageMove", { MsgID: 999_999_999, DestMailboxName: "Inbox" }), "messageNotFound");
    // Another account's message is not found either.
    expectError(await call(t.api, basic(t.fx.other.address, PASSWORD_RAW), "MessageGet", { MsgID: id }), "messageNotFound");

    expect(ok(await call(t.api, t.auth, "MessageDelete", { MsgID: id }))).toEqual({});
    expectError(await call(t.api, t.auth, "MessageDelete", { MsgID: id }), "user");
    expectError(await call(t.api, t.auth, "MessageGet", { MsgID: id }), "messageNotFound");
    expectError(await call(t.api, t.auth, "MessageFlagsAdd", { MsgID: id, Flags: ["\\seen"] }), "user");
    expectError(await call(t.api, t.auth, "MessageDelete", { MsgID: 999_999_999 }), "messageNotFound");
    expectError(await call(t.api, t.auth, "MessageDelete", { MsgID: 0 }), "user");
    expect(await t.db.messageContent.count({ where: { messageId: BigInt(id) } })).toBe(0);
  });
});

describe("Send custom headers", () => {
  const to = [{ Address: "x@remote.example" }];

  it("refuses Headers that repeat a field Send writes or forge trace and authentication, naming the header", async () => {
    const subject = `custom-refused-${crypto.randomUUID()}`;
    for (const name of ["From", "fRoM", "Bcc", "DKIM-Signature", "Received", "Sender", "ARC-Seal", "Authentication-Results", "Return-Path", "Content-Type", "Message-ID", "Resent-From"]) {
      const r = await call(t.api, t.auth, "Send", { To: to, Subject: subject, Text: "x", Headers: [["X-Campaign", "ok"], [name, "<ceo@bank.example>"]] });
      expectError(r, "user");
      expect((r.json() as { Message: string }).Message, name).toMatch(new RegExp(`^custom header "${name}" not allowed: `));
    }
    expect(await t.db.queueMessage.count({ where: { subject } })).toBe(0);
  });

  it("still sends a harmless custom header, written once into the stored message", async () => {
    const r = ok(await call(t.api, t.auth, "Send", { To: to, Text: "x", Headers: [["X-Campaign", "spring sale"], ["List-Unsubscribe", "<mailto:u@remote.example>"]] })) as {
      Submissions: { QueueMsgID: number }[];
    };
    const row = await t.db.queueMessage.findUniqueOrThrow({ where: { id: BigInt(r.Submissions[0]!.QueueMsgID) }, include: { content: true } });
    const raw = Buffer.from(row.content.raw).toString();
    expect(raw).toContain("\r\nX-Campaign: spring sale\r\nList-Unsubscribe: <mailto:u@remote.example>\r\n");
    expect(raw.match(/^From:/gim)).toHaveLength(1);
  });
});
