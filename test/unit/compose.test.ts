import { simpleParser, type AddressObject } from "mailparser";
import { describe, expect, it } from "vitest";
import { parseAddress } from "../../server/address/parse";
import { AppError } from "../../server/errors";
import { addressHeader, composeMessage, formatMessageDate, generateMessageId, needsSmtputf8, type ComposeInput } from "../../server/message/compose";
import { composeInput as input, mail } from "../helpers/compose";

const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(100, 7)]);
const PDF = Buffer.from("%PDF-1.4\n" + "x".repeat(300));

// Header block of the message, unfolded, as [name, value] pairs in order.
function headerFields(raw: Buffer): [string, string][] {
  const head = raw.toString().split("\r\n\r\n")[0]!;
  return head
    .replace(/\r\n[ \t]/g, " ")
    .split("\r\n")
    .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]);
}

function addresses(obj: AddressObject | AddressObject[] | undefined) {
  return [obj ?? []].flat().flatMap((o) => o.value.map((v) => ({ name: v.name, address: v.address })));
}

// The nesting of content types, e.g. ["multipart/mixed", [["multipart/related", [...]], "application/pdf"]].
type Shape = string | [string, Shape[]];
function shape(entity: string): Shape {
  const [head = "", ...rest] = entity.split("\r\n\r\n");
  const type = /^Content-Type: ([^;\r\n]+)/im.exec(head)?.[1] ?? "";
  const boundary = /boundary="([^"]+)"/.exec(head)?.[1];
  if (!boundary) return type;
  const body = rest.join("\r\n\r\n");
  const parts = body.split(`--${boundary}`).slice(1, -1).map((p) => p.replace(/^\r\n/, ""));
  return [type, parts.map(shape)];
}

describe("composeMessage round trip", () => {
  const full = input({
    from: mail("Jérôme Ünïcode", "mjl@mox.example"),
    replyTo: [mail('Replies, "here"', "reply@mox.example")],
    to: [mail("First Rcpt", "one@remote.example"), mail("", "two@remote.example")],
    cc: [mail("Copy Person", "cc@remote.example")],
    subject: "héllo wörld and more ☺ text",
    text: `plain ☺ text\nsecond line ${"long ".repeat(30)}\nlast`,
    html: "<p>html ☺ <img src=\"cid:logo@mox.example\"></p>\n",
    inlineFiles: [{ name: "logo.png", contentType: "", contentId: "<logo@mox.example>", data: PNG }],
    attachedFiles: [{ name: "résumé ☺.pdf", contentType: "", contentId: "", data: PDF }],
  });

  it("decodes with mailparser to the same addresses, subject, bodies and files", async () => {
    const composed = composeMessage(full);
    const parsed = await simpleParser(composed.raw, { keepCidLinks: true });
    expect(addresses(parsed.from)).toEqual([{ name: "Jérôme Ünïcode", address: "mjl@mox.example" }]);
    expect(addresses(parsed.replyTo)).toEqual([{ name: 'Replies, "here"', address: "reply@mox.example" }]);
    expect(addresses(parsed.to)).toEqual([
      { name: "First Rcpt", address: "one@remote.example" },
      { name: "", address: "two@remote.example" },
    ]);
    expect(addresses(parsed.cc)).toEqual([{ name: "Copy Person", address: "cc@remote.example" }]);
    expect(parsed.subject).toBe(full.subject);
    expect(parsed.text).toBe(`${full.text}\n`);
    expect(parsed.html).toBe(full.html);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.cid, a.contentDisposition])).toEqual([
      ["logo.png", "image/png", "logo@mox.example", "inline"],
      ["résumé ☺.pdf", "application/pdf", undefined, "attachment"],
    ]);
    expect(parsed.attachments[0]!.content.equals(PNG)).toBe(true);
    expect(parsed.attachments[1]!.content.equals(PDF)).toBe(true);
    expect(composed.raw.toString()).not.toMatch(/^Bcc:/im);
  });

  it("nests mixed > related > alternative only as needed", () => {
    expect(shape(composeMessage(full).raw.toString())).toEqual([
      "multipart/mixed",
      [["multipart/related", [["multipart/alternative", ["text/plain", "text/html"]], "image/png"]], "application/pdf"],
    ]);
    expect(shape(composeMessage(input({ html: "<p>x</p>" })).raw.toString())).toEqual(["multipart/alternative", ["text/plain", "text/html"]]);
    const altFile = { name: "cal.ics", contentType: "text/calendar", contentId: "", data: Buffer.from("BEGIN:VCALENDAR\r\n") };
    expect(shape(composeMessage(input({ alternativeFiles: [altFile] })).raw.toString())).toEqual(["multipart/alternative", ["text/plain", "text/calendar"]]);
  });

  it("puts a single text part's headers in the message header", () => {
    const raw = composeMessage(input({ text: "just text" })).raw.toString();
    const [head, body] = raw.split("\r\n\r\n");
    expect(head).toMatch(/\r\nContent-Type: text\/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit$/);
    expect(head).not.toContain("multipart");
    expect(body).toBe("just text\r\n");
  });

  it("writes multipart boundaries of 60 hex characters, quoted", () => {
    const raw = composeMessage(input({ html: "<b>x</b>" })).raw.toString();
    expect(raw).toMatch(/\r\nContent-Type: multipart\/alternative; boundary="[0-9a-f]{60}"\r\n\r\n--[0-9a-f]{60}\r\n/);
  });
});

describe("composeMessage headers", () => {
  it("writes headers in mox's order", () => {
    const composed = composeMessage(
      input({
        replyTo: [mail("", "reply@mox.example")],
        cc: [mail("", "cc@remote.example")],
        references: ["<a@x>", "<b@x>"],
        headers: [["X-Custom", "one"], ["X-Other", "two"]],
      }),
    );
    expect(headerFields(composed.raw).map(([name]) => name)).toEqual([
      "From",
      "Reply-To",
      "To",
      "Cc",
      "Subject",
      "Date",
      "Message-Id",
      "References",
      "In-Reply-To",
      "MIME-Version",
      "X-Custom",
      "X-Other",
      "User-Agent",
      "Content-Type",
      "Content-Transfer-Encoding",
    ]);
    const raw = composed.raw.toString();
    expect(raw).toContain("\r\nReferences: <a@x>\r\n\t<b@x>\r\nIn-Reply-To: <b@x>\r\n");
    expect(raw).toContain("\r\nUser-Agent: Mailroom/0.1.0\r\n");
  });

  it("leaves out empty Subject, Reply-To, To and Cc, and References without references", () => {
    const names = headerFields(composeMessage(input({ subject: "", to: [], cc: [mail("", "cc@remote.example")] })).raw).map(([n]) => n);
    expect(names).toEqual(["From", "Cc", "Date", "Message-Id", "MIME-Version", "User-Agent", "Content-Type", "Content-Transfer-Encoding"]);
  });

  it.each([
    [new Date("2024-03-05T22:04:05Z"), 120, "6 Mar 2024 00:04:05 +0200"],
    [new Date("2024-03-05T02:04:05Z"), -330, "4 Mar 2024 20:34:05 -0530"],
    [new Date("2024-12-15T09:00:00Z"), 0, "15 Dec 2024 09:00:00 +0000"],
  ])("formats %s at offset %i as %j", (instant, offsetMinutes, expected) => {
    const date = headerFields(composeMessage(input({ date: { instant, offsetMinutes } })).raw).find(([n]) => n === "Date");
    expect(date?.[1]).toBe(expected);
  });

  it("formats dates the same outside messages, e.g. for Received headers", () => {
    expect(formatMessageDate({ instant: new Date("2024-01-02T03:04:05Z"), offsetMinutes: 0 })).toBe("2 Jan 2024 03:04:05 +0000");
  });

  it("writes a separate address header, for the Bcc of the Sent copy, checking display names", () => {
    expect(addressHeader("Bcc", [mail("Hidden Person", "h@☺.example"), mail("", "x@remote.example")], false)).toBe(
      "Bcc: Hidden Person <h@xn--74h.example>, x@remote.example\r\n",
    );
    expect(() => addressHeader("Bcc", [mail("a\nb", "h@remote.example")], false)).toThrow(expect.objectContaining({ code: "user" }));
  });

  it.each(["X-Mailer", "user-agent", "x-MAILER"])("leaves out User-Agent when custom header %s is given", (name) => {
    const raw = composeMessage(input({ headers: [[name, "custom"]] })).raw.toString();
    expect(raw.match(/^(user-agent|x-mailer):/gim)).toEqual([name + ":"]);
  });

  it("generates message ids of 22 base64url characters at the host", () => {
    const id = generateMessageId("mail.mox.example");
    expect(id).toMatch(/^<[A-Za-z0-9_-]{22}@mail\.mox\.example>$/);
    expect(generateMessageId("mail.mox.example")).not.toBe(id);
  });

  it("quotes ASCII display names with specials and Q-encodes non-ASCII ones", () => {
    const raw = composeMessage(input({ from: mail('Last, "First"', "mjl@mox.example"), to: [mail("Zoë", "z@remote.example")] })).raw.toString();
    expect(raw).toContain('From: "Last, \\"First\\"" <mjl@mox.example>\r\n');
    expect(raw).toContain("To: =?utf-8?q?Zo=C3=AB?= <z@remote.example>\r\n");
  });

  it("folds long address lists between addresses only", async () => {
    const to = Array.from({ length: 8 }, (_, i) => mail(`Recipient Number ${i}`, `rcpt${i}@remote.example`));
    const composed = composeMessage(input({ to }));
    const head = composed.raw.toString().split("\r\n\r\n")[0]!;
    expect(head.split("\r\n").every((line) => line.length <= 78)).toBe(true);
    expect(head).toMatch(/<rcpt0@remote\.example>,\r\n Recipient Number/);
    expect(addresses((await simpleParser(composed.raw)).to)).toEqual(to.map((t) => ({ name: t.name, address: `${t.address.localpart}@remote.example` })));
  });

  it.each([
    "héllo wörld and more ☺ text",
    "  leading and trailing  ",
    "double  spaces  é  ü",
    " ☺ ",
    "   ",
    "looks =?utf-8?q?encoded?= but is not",
    `${"word ".repeat(20)}and ${"ünïcode ".repeat(12)}end`,
  ])("round-trips subject %j exactly, folded", async (subject) => {
    const composed = composeMessage(input({ subject }));
    const head = composed.raw.toString().split("\r\n\r\n")[0]!;
    expect(head.split("\r\n").every((line) => line.length <= 78)).toBe(true);
    expect(composed.has8bit).toBe(false);
    expect((await simpleParser(composed.raw)).subject).toBe(subject);
  });

  it("rejects header names that are not field names", () => {
    for (const name of ["Bad Name", "Bad:Name", "", "Bäd"]) {
      expect(() => composeMessage(input({ headers: [[name, "x"]] }))).toThrow(expect.objectContaining({ code: "user" }));
    }
  });
});

describe("composeMessage control characters", () => {
  const file = { name: "a.txt", contentType: "text/plain", contentId: "", data: Buffer.from("x") };
  it.each<[string, Partial<ComposeInput>]>([
    ["subject", { subject: "a\nb" }],
    ["header value", { headers: [["X-A", "a\rb"]] }],
    ["header name", { headers: [["X-\u0001", "a"]] }],
    ["message id", { messageId: "<a\u0000@b>" }],
    ["reference", { references: ["<a@b>\t"] }],
    ["display name", { to: [mail("a\u007fb", "x@remote.example")] }],
    ["file name", { attachedFiles: [{ ...file, name: "a\nb.txt" }] }],
    ["content type", { attachedFiles: [{ ...file, contentType: "text/plain\r\nX-Evil: 1" }] }],
    ["content id", { inlineFiles: [{ ...file, contentId: "<a\n@b>" }] }],
  ])("rejects them in the %s with code user", (_, overrides) => {
    let error: unknown;
    try {
      composeMessage(input(overrides));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "user", message: "checking header values: control characters not allowed" });
  });
});

describe("composeMessage bodies and encodings", () => {
  it("uses 8bit for non-ASCII text and quoted-printable for long lines, with CRLF line endings", async () => {
    const eight = composeMessage(input({ text: "ünïcode\nline" }));
    expect(eight.raw.toString()).toContain("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nünïcode\r\nline\r\n");
    expect(eight.has8bit).toBe(true);

    const text = `${"x".repeat(200)}\r\nlone cr\rend `;
    const qp = composeMessage(input({ text }));
    const raw = qp.raw.toString();
    expect(raw).toContain("Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: quoted-printable\r\n");
    expect(raw.split("\r\n").every((line) => line.length <= 76)).toBe(true);
    expect(qp.has8bit).toBe(false);
    expect((await simpleParser(qp.raw)).text).toBe(`${"x".repeat(200)}\nlone cr\nend \n`);
  });

  it("has no bare CR or LF anywhere", () => {
    const raw = composeMessage(
      input({ text: "a\nb\r\nc\rd", html: "<p>\n</p>", attachedFiles: [{ name: "n.bin", contentType: "", contentId: "", data: Buffer.alloc(500, 0) }] }),
    ).raw.toString("latin1");
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("writes files as base64 in lines of 76 characters, octet-stream when the type is unknown", () => {
    const data = Buffer.alloc(500, 0x01);
    const raw = composeMessage(input({ attachedFiles: [{ name: "", contentType: "", contentId: "", data }] })).raw.toString();
    const part = raw.split(/--[0-9a-f]{60}\r\n/)[2]!;
    const [head, body] = part.split("\r\n\r\n");
    expect(head).toBe('Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=""\r\nContent-Transfer-Encoding: base64');
    const lines = body!.split("\r\n").filter((l) => l && !l.startsWith("--"));
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    expect(Buffer.from(lines.join(""), "base64").equals(data)).toBe(true);
  });

  it("splits long non-ASCII file names into RFC 2231 continuations that decode back", async () => {
    const name = `${"ä".repeat(40)} ☺ report.pdf`;
    const composed = composeMessage(input({ attachedFiles: [{ name, contentType: "application/pdf", contentId: "", data: PDF }] }));
    expect(composed.raw.toString()).toContain("\r\n filename*0*=utf-8''%C3%A4");
    expect((await simpleParser(composed.raw)).attachments[0]?.filename).toBe(name);
  });

  it("rejects a message without text and html", () => {
    expect(() => composeMessage(input({ text: "", html: "" }))).toThrow(AppError);
  });
});

describe("SMTPUTF8", () => {
  it("is needed for non-ASCII localparts only", () => {
    expect(needsSmtputf8([parseAddress("mjl@☺.example")])).toBe(false);
    expect(needsSmtputf8([parseAddress("mjl@mox.example"), parseAddress("møx@mox.example")])).toBe(true);
  });

  it("writes Unicode domains and raw UTF-8 subjects, and an 8bit body", async () => {
    const composed = composeMessage(input({ from: mail("", "møx@☺.example"), to: [mail("Zoë", "z@☺.example")], subject: "héllo ☺", smtputf8: true }));
    const raw = composed.raw.toString();
    expect(raw).toContain("From: møx@☺.example\r\n");
    expect(raw).toContain("To: =?utf-8?q?Zo=C3=AB?= <z@☺.example>\r\n");
    expect(raw).toContain("Subject: héllo ☺\r\n");
    expect(raw).toContain("Content-Transfer-Encoding: 8bit\r\n");
    expect(composed.has8bit).toBe(true);
    expect((await simpleParser(composed.raw)).subject).toBe("héllo ☺");
  });

  it("writes A-labels without SMTPUTF8", () => {
    const composed = composeMessage(input({ to: [mail("", "z@☺.example")] }));
    expect(composed.raw.toString()).toContain("To: z@xn--74h.example\r\n");
    expect(composed.has8bit).toBe(false);
  });
});
