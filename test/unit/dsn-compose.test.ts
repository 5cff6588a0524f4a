import { simpleParser, type ParsedMail } from "mailparser";
import { describe, expect, it, vi } from "vitest";
import { composeDsn, dsnSubject, type DsnInput, type DsnRecipient } from "../../server/dsn/compose";

// Lets a test choose the random bytes of the next boundary (24 bytes; Message-Ids use 16).
const forced = vi.hoisted(() => ({ boundaryBytes: [] as Buffer[] }));
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  const randomBytes = (size: number) => (size === 24 && forced.boundaryBytes.length ? forced.boundaryBytes.shift()! : actual.randomBytes(size));
  return { ...actual, randomBytes };
});

const ORIGINAL_HEADERS = "From: mjl@mox.example\r\nTo: rcpt@remote.example\r\nSubject: hello\r\nMessage-Id: <orig@mox.example>\r\n";

function rcpt(overrides: Partial<DsnRecipient> = {}): DsnRecipient {
  return {
    recipient: "rcpt@remote.example",
    action: "failed",
    status: "5.1.1",
    errorText: "remote said no",
    remoteMta: { name: "mx.remote.example", ip: "10.0.0.1" },
    responseLines: ["550-5.1.1 no such user", "550 5.1.1 really"],
    lastAttempt: new Date("2024-04-15T12:00:00Z"),
    ...overrides,
  };
}

function input(overrides: Partial<DsnInput> = {}): DsnInput {
  return {
    hostname: "mail.mox.example",
    sender: "mjl@mox.example",
    kind: "failed",
    queued: new Date("2024-04-15T10:00:00Z"),
    futureReleaseRequest: "",
    originalMessageId: "<orig@mox.example>",
    originalHeaders: Buffer.from(`${ORIGINAL_HEADERS}\r\nthe body of the original\r\n`),
    smtputf8: false,
    recipients: [rcpt()],
    now: new Date("2024-04-15T12:00:05Z"),
    ...overrides,
  };
}

function delayedInput(overrides: Partial<DsnRecipient> = {}): DsnInput {
  const willRetryUntil = new Date("2024-04-16T16:00:00Z");
  return input({ kind: "delayed", recipients: [rcpt({ action: "delayed", status: "4.4.1", willRetryUntil, ...overrides })] });
}

const parse = (raw: Buffer) => simpleParser(raw, { keepDeliveryStatus: true });

// The top-level parts as written: lower-cased header names with unfolded values, and the body before the
// delimiter's CRLF. Separate from mailparser so that transfer encodings and raw bodies can be checked.
type RawPart = { headers: Record<string, string>; body: string };
function rawParts(raw: Buffer): RawPart[] {
  const text = raw.toString();
  const boundary = /boundary="([^"]+)"/.exec(text)![1]!;
  const sections = text.split(`\r\n--${boundary}`);
  expect(sections.at(-1)).toBe("--\r\n");
  return sections.slice(1, -1).map((section) => {
    const [head = "", ...rest] = section.replace(/^\r\n/, "").split("\r\n\r\n");
    const headers = Object.fromEntries(head.split("\r\n").map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 2)]));
    return { headers, body: rest.join("\r\n\r\n") };
  });
}

// The first part (before the first delimiter) is the top-level header; mailparser checks it, this checks the parts.
function partTypes(raw: Buffer): [string, string][] {
  return rawParts(raw).map((p) => [p.headers["content-type"]!, p.headers["content-transfer-encoding"]!]);
}

// Delivery-status fields: header blocks separated by blank lines, each unfolded into [name, value] pairs in order.
function statusBlocks(mail: ParsedMail): [string, string][][] {
  const part = mail.attachments.find((a) => /delivery-status$/.test(a.contentType));
  const text = part!.content.toString();
  expect(text.endsWith("\r\n")).toBe(true);
  return text
    .slice(0, -2)
    .split("\r\n\r\n")
    .map((block) =>
      block
        .replace(/\r\n(?=[ \t])/g, "")
        .split("\r\n")
        .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
    );
}

function fieldNames(mail: ParsedMail): string[] {
  return statusBlocks(mail).flatMap((block) => block.map(([name]) => name));
}

function header(mail: ParsedMail, name: string): string {
  return mail.headerLines.find((h) => h.key === name)?.line.slice(name.length + 2) ?? "";
}

describe("composeDsn message structure", () => {
  it("writes the top-level headers of a failure DSN", async () => {
    const mail = await parse(composeDsn(input()));
    expect(header(mail, "from")).toBe("<postmaster@mail.mox.example>");
    expect(header(mail, "to")).toBe("<mjl@mox.example>");
    expect(header(mail, "subject")).toBe("mail delivery failed");
    expect(header(mail, "references")).toBe("<orig@mox.example>");
    expect(header(mail, "date")).toBe("15 Apr 2024 12:00:05 +0000");
    expect(header(mail, "mime-version")).toBe("1.0");
    expect(header(mail, "message-id")).toMatch(/^<[A-Za-z0-9_-]{22}@mail\.mox\.example>$/);
    expect(mail.headers.get("content-type")).toMatchObject({ value: "multipart/report", params: { "report-type": "delivery-status" } });
  });

  it("gives each DSN its own Message-Id", async () => {
    const [a, b] = await Promise.all([parse(composeDsn(input())), parse(composeDsn(input()))]);
    expect(a.messageId).not.toBe(b.messageId);
  });

  it("leaves out References when the original had no Message-Id", async () => {
    const mail = await parse(composeDsn(input({ originalMessageId: "" })));
    expect(mail.headerLines.map((h) => h.key)).not.toContain("references");
  });

  it("has a text part, a delivery-status part and a header part, all 7bit for an ASCII DSN", () => {
    expect(partTypes(composeDsn(input()))).toEqual([
      ["text/plain", "7bit"],
      ["message/delivery-status", "7bit"],
      ["text/rfc822-headers", "7bit"],
    ]);
  });

  it("includes only the original headers, not the body", async () => {
    const mail = await parse(composeDsn(input()));
    const part = mail.attachments.find((a) => a.contentType === "text/rfc822-headers");
    expect(part!.content.toString()).toBe(ORIGINAL_HEADERS);
  });

  it("includes a header section given without its blank line, with line endings made CRLF", () => {
    const lf = ORIGINAL_HEADERS.replace(/\r\n/g, "\n").trimEnd();
    expect(rawParts(composeDsn(input({ originalHeaders: Buffer.from(lf) })))[2]!.body).toBe(ORIGINAL_HEADERS);
  });

  it("writes CRLF line endings only", () => {
    const raw = composeDsn(input({ originalHeaders: Buffer.from(ORIGINAL_HEADERS.replace(/\r\n/g, "\n")) })).toString();
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });
});

describe("composeDsn delivery-status fields", () => {
  it("writes the per-message and per-recipient fields of a failure", async () => {
    const mail = await parse(composeDsn(input()));
    expect(statusBlocks(mail)).toEqual([
      [
        ["Reporting-MTA", "dns; mail.mox.example"],
        ["Arrival-Date", "15 Apr 2024 10:00:00 +0000"],
      ],
      [
        ["Final-Recipient", "rfc822;rcpt@remote.example"],
        ["Action", "failed"],
        ["Status", "5.1.1 (remote said no)"],
        ["Remote-MTA", "dns;mx.remote.example (10.0.0.1)"],
        ["Diagnostic-Code", "smtp; 550-5.1.1 no such user 550 5.1.1 really"],
        ["Last-Attempt-Date", "15 Apr 2024 12:00:00 +0000"],
      ],
    ]);
  });

  it("adds Future-Release-Request when the message had one", async () => {
    const mail = await parse(composeDsn(input({ futureReleaseRequest: "until;2024-04-15T09:00:00Z" })));
    expect(statusBlocks(mail)[0]).toContainEqual(["Future-Release-Request", "until;2024-04-15T09:00:00Z"]);
  });

  it("writes Will-Retry-Until for a delayed recipient", async () => {
    const mail = await parse(composeDsn(delayedInput()));
    expect(statusBlocks(mail)[1]).toEqual([
      ["Final-Recipient", "rfc822;rcpt@remote.example"],
      ["Action", "delayed"],
      ["Status", "4.4.1 (remote said no)"],
      ["Remote-MTA", "dns;mx.remote.example (10.0.0.1)"],
      ["Diagnostic-Code", "smtp; 550-5.1.1 no such user 550 5.1.1 really"],
      ["Last-Attempt-Date", "15 Apr 2024 12:00:00 +0000"],
      ["Will-Retry-Until", "16 Apr 2024 16:00:00 +0000"],
    ]);
  });

  it("never writes Will-Retry-Until for a failed recipient", async () => {
    const mail = await parse(composeDsn(input({ recipients: [rcpt({ willRetryUntil: new Date("2024-04-16T16:00:00Z") })] })));
    expect(fieldNames(mail)).not.toContain("Will-Retry-Until");
  });

  it.each([
    ["failed", "", "5.0.0"],
    ["delayed", "", "4.0.0"],
    ["failed", "5.1", "5.0.0"],
    ["delayed", "4.7.1 extra", "4.0.0"],
    ["failed", "2.0.0", "2.0.0"],
  ] as const)("writes Status for a %s recipient with status %j as %s", async (action, status, expected) => {
    const mail = await parse(composeDsn(input({ kind: action, recipients: [rcpt({ action, status, errorText: "" })] })));
    expect(statusBlocks(mail)[1]).toContainEqual(["Status", expected]);
  });

  it("leaves out Remote-MTA, Diagnostic-Code and Last-Attempt-Date when unknown", async () => {
    const mail = await parse(composeDsn(input({ recipients: [rcpt({ remoteMta: undefined, responseLines: [], lastAttempt: null })] })));
    expect(fieldNames(mail)).toEqual(["Reporting-MTA", "Arrival-Date", "Final-Recipient", "Action", "Status"]);
  });

  it("names the MTA by its address literal when only its IP is known", async () => {
    const mail = await parse(composeDsn(input({ recipients: [rcpt({ remoteMta: { name: "", ip: "2001:db8::1" } })] })));
    expect(statusBlocks(mail)[1]).toContainEqual(["Remote-MTA", "dns;[IPv6:2001:db8::1]"]);
  });

  it("quotes parentheses in the error text so the Status comment stays one comment", async () => {
    const mail = await parse(composeDsn(input({ recipients: [rcpt({ errorText: "dial (tcp) failed :(" })] })));
    expect(statusBlocks(mail)[1]).toContainEqual(["Status", "5.1.1 (dial \\(tcp\\) failed :\\()"]);
  });

  it("writes one block per recipient", async () => {
    const recipients = [rcpt(), rcpt({ recipient: "other@remote.example", status: "5.2.2", errorText: "mailbox full" })];
    const mail = await parse(composeDsn(input({ recipients })));
    const blocks = statusBlocks(mail);
    expect(blocks).toHaveLength(3);
    expect(blocks[2]!.slice(0, 3)).toEqual([
      ["Final-Recipient", "rfc822;other@remote.example"],
      ["Action", "failed"],
      ["Status", "5.2.2 (mailbox full)"],
    ]);
  });
});

describe("composeDsn human-readable text", () => {
  const flat = (text: string | undefined) => (text ?? "").replace(/\s+/g, " ");

  it("names the recipient, says no more attempts follow, and gives the error and the SMTP response", async () => {
    const mail = await parse(composeDsn(input()));
    expect(mail.text).toContain("\trcpt@remote.example\n");
    expect(flat(mail.text)).toContain("No further delivery attempts will be made.");
    expect(mail.text).toContain("\tremote said no\n");
    expect(mail.text).toContain("Full SMTP response:\n\n\t550-5.1.1 no such user\n\t550 5.1.1 really\n");
  });

  it("leaves out the SMTP response section when there was none", async () => {
    const mail = await parse(composeDsn(input({ recipients: [rcpt({ responseLines: [] })] })));
    expect(mail.text).not.toContain("SMTP response");
  });

  it("says a delay is a delay and gives the time until which attempts continue", async () => {
    const raw = composeDsn(delayedInput());
    const mail = await parse(raw);
    expect(mail.subject).toBe("mail delivery delayed");
    expect(flat(mail.text)).toContain("has been delayed");
    expect(flat(mail.text)).toContain("at growing intervals, until 16 Apr 2024 16:00:00 +0000.");
    expect(flat(mail.text)).not.toContain("No further delivery attempts");
    expect(flat(mail.text)).not.toMatch(/\b(4|8|16) hours\b/);
  });

  it("gives the latest retry time when recipients differ", async () => {
    const recipients = [
      rcpt({ action: "delayed", willRetryUntil: new Date("2024-04-16T16:00:00Z") }),
      rcpt({ action: "delayed", recipient: "other@remote.example", willRetryUntil: new Date("2024-04-16T18:00:00Z") }),
    ];
    const mail = await parse(composeDsn(input({ kind: "delayed", recipients })));
    expect(flat(mail.text)).toContain("until 16 Apr 2024 18:00:00 +0000 at the latest.");
  });

  it("says the error is unknown when there is no error text", async () => {
    const mail = await parse(composeDsn(input({ recipients: [rcpt({ errorText: "" })] })));
    expect(flat(mail.text)).toContain("Error during the last delivery attempt: (unknown)");
  });

  it("names each recipient with its own error when there are several", async () => {
    const recipients = [rcpt(), rcpt({ recipient: "other@remote.example", errorText: "mailbox full", responseLines: [] })];
    const mail = await parse(composeDsn(input({ recipients })));
    expect(flat(mail.text)).toContain("attempt to rcpt@remote.example: remote said no");
    expect(flat(mail.text)).toContain("attempt to other@remote.example: mailbox full");
  });

  it("wraps long sentences and error texts", async () => {
    const errorText = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    const mail = await parse(composeDsn(delayedInput({ errorText })));
    expect(flat(mail.text)).toContain(errorText);
    expect(Math.max(...mail.text!.split("\n").map((l) => l.length))).toBeLessThanOrEqual(78);
  });

  it("exports the subjects", () => {
    expect([dsnSubject("failed"), dsnSubject("delayed")]).toEqual(["mail delivery failed", "mail delivery delayed"]);
  });
});

describe("composeDsn UTF-8 forms", () => {
  const unicodeHeaders = "From: mjl@mox.example\r\nSubject: héllo ☺\r\n";

  it("uses the global types for a Unicode recipient", async () => {
    const raw = composeDsn(input({ recipients: [rcpt({ recipient: "rcpt@☺.example" })], originalHeaders: Buffer.from(unicodeHeaders) }));
    expect(partTypes(raw)).toEqual([
      ["text/plain; charset=utf-8", "8bit"],
      ["message/global-delivery-status", "8bit"],
      ["message/global-headers", "8bit"],
    ]);
    const mail = await parse(raw);
    expect(statusBlocks(mail)[1]![0]).toEqual(["Final-Recipient", "utf-8;rcpt@☺.example"]);
    expect(mail.text).toContain("\trcpt@☺.example\n");
    expect(rawParts(raw)[2]!.body).toBe(unicodeHeaders);
  });

  it("uses the global types for a Unicode sender, with utf-8 address types for every recipient", async () => {
    const raw = composeDsn(input({ sender: "☺@mox.example" }));
    expect(partTypes(raw).map(([type]) => type)).toEqual(["text/plain; charset=utf-8", "message/global-delivery-status", "message/global-headers"]);
    // mailparser gives raw header lines as latin1, so the UTF-8 header is checked in the message itself.
    expect(raw.toString()).toContain("\r\nTo: <☺@mox.example>\r\n");
    const mail = await parse(raw);
    expect(statusBlocks(mail)[1]![0]).toEqual(["Final-Recipient", "utf-8;rcpt@remote.example"]);
  });

  it.each([
    ["the original needed SMTPUTF8", true, ORIGINAL_HEADERS],
    ["the original headers are not ASCII", false, unicodeHeaders],
  ])("base64-encodes the headers of an ASCII DSN when %s", async (_, smtputf8, headers) => {
    const raw = composeDsn(input({ smtputf8, originalHeaders: Buffer.from(headers) }));
    expect(partTypes(raw)).toEqual([
      ["text/plain", "7bit"],
      ["message/delivery-status", "7bit"],
      ["text/rfc822-headers; charset=utf-8", "base64"],
    ]);
    const lines = rawParts(raw)[2]!.body.split("\r\n").slice(0, -1);
    expect(lines.every((l) => /^[A-Za-z0-9+/=]{1,76}$/.test(l))).toBe(true);
    expect(Buffer.from(lines.join(""), "base64").toString()).toBe(headers);
    const mail = await parse(raw);
    expect(mail.attachments.find((a) => a.contentType === "text/rfc822-headers")!.content.toString()).toBe(headers);
  });

  it("keeps the delivery-status part of an ASCII DSN ASCII, and the error text readable in the text part", async () => {
    const raw = composeDsn(input({ recipients: [rcpt({ errorText: "boîte pleine", responseLines: ["552 boîte pleine"] })] }));
    expect(partTypes(raw).slice(0, 2)).toEqual([
      ["text/plain; charset=utf-8", "8bit"],
      ["message/delivery-status", "7bit"],
    ]);
    expect(rawParts(raw)[1]!.body).toMatch(/^[\x20-\x7e\r\n]*$/);
    const mail = await parse(raw);
    expect(statusBlocks(mail)[1]).toContainEqual(["Status", "5.1.1 (bo?te pleine)"]);
    expect(mail.text).toContain("\tboîte pleine\n");
  });
});

describe("composeDsn odd input", () => {
  it("keeps lines within 998 octets and free of stray line breaks with a 5 KB multi-line error text", async () => {
    const errorText = Array.from({ length: 800 }, (_, i) => `part${i}`).join(" ").replace(/ (part\d*0) /g, "\n$1\r\n");
    expect(errorText.length).toBeGreaterThan(5000);
    const token = "t".repeat(2000);
    const responseLines = [`550-5.0.0 ${errorText.replace(/\s/g, " ")}`, `550 5.0.0 ${token}`];
    const longHeader = `X-Long: ${"h".repeat(1500)}\r\n`;
    const raw = composeDsn(input({ recipients: [rcpt({ errorText, responseLines })], originalHeaders: Buffer.from(ORIGINAL_HEADERS + longHeader) }));

    const text = raw.toString("latin1");
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(Math.max(...text.split("\r\n").map((l) => l.length))).toBeLessThanOrEqual(998);

    const mail = await parse(raw);
    const fields = Object.fromEntries(statusBlocks(mail)[1]!);
    expect(fields["Status"]).toBe(`5.1.1 (${errorText.replace(/\r?\n/g, " ")})`);
    // The 2000-character word had to be split; none of its characters are lost.
    expect(fields["Diagnostic-Code"]!.replace(/ /g, "")).toBe(`smtp;${responseLines.join("")}`.replace(/ /g, ""));
    expect(partTypes(raw)[2]).toEqual(["text/rfc822-headers; charset=utf-8", "base64"]);
    expect(mail.attachments.find((a) => a.contentType === "text/rfc822-headers")!.content.toString()).toBe(ORIGINAL_HEADERS + longHeader);
  });

  it.each(["\r\n", "\n"])("cuts a huge header section at a line boundary within 64 KiB (line end %j)", (eol) => {
    const lines = Array.from({ length: 1000 }, (_, i) => `X-Pad-${i}: ${"a".repeat(100)}`);
    const body = rawParts(composeDsn(input({ originalHeaders: Buffer.from(lines.join(eol) + eol) })))[2]!.body;
    expect(body.length).toBeLessThanOrEqual(64 * 1024);
    expect(body.length).toBeGreaterThan(64 * 1024 - 120);
    expect(lines.map((l) => `${l}\r\n`).join("").startsWith(body)).toBe(true);
    expect(body.endsWith("\r\n")).toBe(true);
  });

  it("leaves out the header part when there are no original headers", async () => {
    const raw = composeDsn(input({ originalHeaders: Buffer.alloc(0) }));
    expect(partTypes(raw).map(([type]) => type)).toEqual(["text/plain", "message/delivery-status"]);
    expect((await parse(raw)).attachments).toHaveLength(1);
  });

  it("leaves out dates that are not valid instead of failing", async () => {
    const invalid = new Date(Number.NaN);
    const raw = composeDsn(input({ queued: invalid, now: invalid, recipients: [rcpt({ lastAttempt: invalid })] }));
    const mail = await parse(raw);
    expect(fieldNames(mail)).not.toContain("Arrival-Date");
    expect(fieldNames(mail)).not.toContain("Last-Attempt-Date");
    expect(header(mail, "date")).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000$/);
  });

  it("turns line breaks in single-line values into spaces", async () => {
    const mail = await parse(composeDsn(input({ hostname: "mail.mox.example\r\nX-Injected: yes", originalMessageId: "<a@b>\nX-Other: 1" })));
    expect(mail.headerLines.map((h) => h.key)).not.toContain("x-injected");
    expect(mail.headerLines.map((h) => h.key)).not.toContain("x-other");
    expect(statusBlocks(mail)[0]![0]).toEqual(["Reporting-MTA", "dns; mail.mox.example X-Injected: yes"]);
  });

  it("picks another boundary when the first one occurs in the content", () => {
    const bytes = Buffer.alloc(24, 7);
    const clash = `=_${bytes.toString("base64url")}`;
    forced.boundaryBytes.push(bytes);
    const raw = composeDsn(input({ originalHeaders: Buffer.from(`X-Clash: ${clash}\r\n`) })).toString();
    expect(forced.boundaryBytes).toHaveLength(0);
    const boundary = /boundary="([^"]+)"/.exec(raw)![1];
    expect(boundary).not.toBe(clash);
    expect(rawParts(Buffer.from(raw))[2]!.body).toBe(`X-Clash: ${clash}\r\n`);
  });
});
