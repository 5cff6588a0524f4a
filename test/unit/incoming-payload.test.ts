// The incoming-message webhook body (spec 2.6; scenario 12.2 item 1).
import { describe, expect, it } from "vitest";
import { parseStructure } from "../../server/message/structure";
import { incomingPayload, isAutomated, type IncomingMessageFacts } from "../../server/webhook/incoming-payload";

const crlf = (lines: string[]) => Buffer.from(lines.join("\r\n"), "utf8");

const facts: IncomingMessageFacts = {
  msgId: 123n,
  mailFrom: "sender@remote.example",
  mailFromValidated: true,
  msgFromValidated: true,
  rcptTo: "rcpt@mox.example",
  dkimVerifiedDomains: ["remote.example"],
  remoteIp: "::1",
  received: new Date("2024-04-15T19:49:02.120Z"),
  mailboxName: "Inbox",
};

function payloadOf(raw: Buffer, overrides: Partial<IncomingMessageFacts> = {}) {
  const result = incomingPayload(raw, parseStructure(raw), { ...facts, ...overrides });
  return { ...result, parsed: JSON.parse(result.json) };
}

const automated = (headers: string[], mailFrom = facts.mailFrom) => {
  const raw = crlf([...headers, "", "body"]);
  return isAutomated(raw, parseStructure(raw), mailFrom);
};

const testMessage = crlf(["From: mjl@mox.example", "To: mjl@mox.example", "Subject: test", "", "test email", ""]);

describe("incomingPayload", () => {
  it("describes a plain message exactly, in Go's field order (12.2 item 1)", () => {
    const expected = {
      Version: 0,
      From: [{ Name: "", Address: "mjl@mox.example" }],
      To: [{ Name: "", Address: "mjl@mox.example" }],
      CC: [],
      BCC: [],
      ReplyTo: [],
      Subject: "test",
      MessageID: "",
      InReplyTo: "",
      References: [],
      Date: null,
      Text: "test email\n",
      HTML: "",
      Structure: {
        ContentType: "text/plain",
        ContentTypeParams: {},
        ContentID: "",
        ContentDisposition: "",
        Filename: "",
        DecodedSize: 12,
        Parts: [],
      },
      Meta: {
        MsgID: 123,
        MailFrom: "sender@remote.example",
        MailFromValidated: true,
        MsgFromValidated: true,
        RcptTo: "rcpt@mox.example",
        DKIMVerifiedDomains: ["remote.example"],
        RemoteIP: "::1",
        Received: "2024-04-15T19:49:02.12Z",
        MailboxName: "Inbox",
        Automated: false,
      },
    };
    const { json, parsed, subject, messageId } = payloadOf(testMessage);
    expect(parsed).toEqual(expected);
    expect(json).toBe(JSON.stringify(expected));
    expect({ subject, messageId }).toEqual({ subject: "test", messageId: "" });
  });

  it("escapes as Go's json.Marshal does and keeps the Date header's offset", () => {
    const raw = crlf(["Message-ID: <a&b@mox.example>", "Subject: =?utf-8?q?caf=C3=A9?=", "Date: Mon, 15 Apr 2024 21:49:02 +0200", "", "x"]);
    const { json, parsed, subject, messageId } = payloadOf(raw, { dkimVerifiedDomains: [] });
    expect(json).toContain(String.raw`"MessageID":"\u003ca\u0026b@mox.example\u003e"`);
    expect(json).not.toContain("<");
    expect(parsed.Date).toBe("2024-04-15T21:49:02+02:00");
    expect(parsed.Meta.DKIMVerifiedDomains).toEqual([]);
    expect({ subject, messageId }).toEqual({ subject: "café", messageId: "<a&b@mox.example>" });
  });

  it("takes References from every References header, wrapped in <>, without In-Reply-To", () => {
    const raw = crlf([
      "In-Reply-To: <parent@mox.example>",
      "References: <Root@Mox.example> <long",
      " @mox.example>",
      "Subject: x",
      "References: junk <cut <next@mox.example> <> trailing",
      "",
      "body",
    ]);
    const { parsed } = payloadOf(raw);
    expect(parsed.References).toEqual(["<Root@Mox.example>", "<long@mox.example>", "<next@mox.example>"]);
    expect(parsed.InReplyTo).toBe("<parent@mox.example>");
  });

  it("shows IDNA domains in Unicode and keeps unparsable addresses as written", () => {
    const raw = crlf(["From: Møx <mjl@xn--74h.localhost>", "Cc: not an address", "Reply-To: <x@XN--74H.example>", "", "body"]);
    const { parsed } = payloadOf(raw);
    expect(parsed.From).toEqual([{ Name: "Møx", Address: "mjl@☺.localhost" }]);
    expect(parsed.CC).toEqual([{ Name: "", Address: "not an address" }]);
    expect(parsed.ReplyTo).toEqual([{ Name: "", Address: "x@☺.example" }]);
  });

  it("selects both text and HTML from multipart/alternative, CRLF turned into LF", () => {
    const raw = crlf([
      "Content-Type: multipart/alternative; boundary=b",
      "",
      "--b",
      "Content-Type: text/plain; charset=iso-8859-1",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "caf=E9",
      "line 2",
      "--b",
      "Content-Type: text/html",
      "",
      "<p>café</p>",
      "--b--",
      "",
    ]);
    const { parsed } = payloadOf(raw);
    expect(parsed.Text).toBe("café\nline 2");
    expect(parsed.HTML).toBe("<p>café</p>");
    expect(parsed.Structure.Parts.map((p: { ContentType: string }) => p.ContentType)).toEqual(["text/plain", "text/html"]);
  });

  it("reports Automated in Meta", () => {
    expect(payloadOf(crlf(["List-Id: <list.mox.example>", "", "x"])).parsed.Meta.Automated).toBe(true);
    expect(payloadOf(testMessage, { mailFrom: "" }).parsed.Meta.Automated).toBe(true);
  });
});

describe("isAutomated", () => {
  it("is false for a message from a person", () => {
    expect(automated(["From: mjl@mox.example", "Subject: hi"])).toBe(false);
  });

  it("is true for an empty MAIL FROM", () => {
    expect(automated(["From: mjl@mox.example"], "")).toBe(true);
  });

  it.each([
    "List-Id: <list.mox.example>",
    "List-Unsubscribe: <mailto:leave@mox.example>",
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    "Precedence: bulk",
    "Auto-Submitted: auto-replied",
    "AUTO-SUBMITTED: Auto-Generated; x=y",
  ])("is true with %s", (header) => {
    expect(automated(["From: mjl@mox.example", header])).toBe(true);
  });

  it.each(["Auto-Submitted: no", "Auto-Submitted: NO (sent by a person); x=y", "Auto-Submitted:", "List-Id: "])("is false with %s", (header) => {
    expect(automated(["From: mjl@mox.example", header])).toBe(false);
  });

  it("is true for a top-level multipart/report only", () => {
    expect(automated(["Content-Type: multipart/report; report-type=delivery-status; boundary=b"])).toBe(true);
    const nested = ["Content-Type: multipart/mixed; boundary=o", "", "--o", "Content-Type: multipart/report; boundary=b", "", "x", "--o--"];
    expect(automated(nested)).toBe(false);
  });

  it("does not read automation headers from the body", () => {
    expect(automated(["From: mjl@mox.example", "", "List-Id: <list.mox.example>"])).toBe(false);
  });
});

describe("hostile input", () => {
  // A fixed sequence, so a failure can be reproduced.
  function junk(length: number): Buffer {
    const out = Buffer.alloc(length);
    let state = 12345;
    for (let i = 0; i < length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      out[i] = state >>> 24;
    }
    return out;
  }

  // The payload and subject go into PostgreSQL text columns: well-formed UTF-16 and no NUL.
  function expectStorable(result: { json: string; subject: string; messageId: string }) {
    expect(Buffer.from(result.json, "utf8").toString("utf8")).toBe(result.json);
    expect(`${result.json}${result.subject}${result.messageId}`).not.toContain("\0");
  }

  it("treats a message without header/body separator as all header", () => {
    const result = payloadOf(crlf(["Subject: only headers", "From: mjl@mox.example"]));
    expect(result.parsed.Subject).toBe("only headers");
    expect(result.parsed.Text).toBe("");
    expectStorable(result);
  });

  it("handles a message without any header", () => {
    const result = payloadOf(Buffer.from("just text\r\n"));
    expect(result.parsed.From).toEqual([]);
    expect(result.parsed.Text).toBe("just text\n");
  });

  it("survives binary junk, NULs and broken encoded-words", () => {
    const raw = Buffer.concat([Buffer.from("Subject: =?utf-8?q?a=00b=ED=A0=80?=\r\nMessage-ID: <\0>\r\n"), junk(64 * 1024)]);
    const result = payloadOf(raw);
    expect(result.parsed.Version).toBe(0);
    expectStorable(result);
    expect(() => payloadOf(junk(64 * 1024))).not.toThrow();
  });

  it("survives 2000 nested multiparts, with the tree cut at a bounded depth", () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(`Content-Type: multipart/mixed; boundary=b${i}`, "", `--b${i}`);
    lines.push("Content-Type: text/plain", "", "deep");
    const { parsed } = payloadOf(crlf(lines));
    let depth = 0;
    for (let s = parsed.Structure; s.Parts.length > 0; s = s.Parts[0]) depth++;
    expect(depth).toBeGreaterThan(0);
    expect(depth).toBeLessThan(100);
  });
});
