import { describe, expect, it } from "vitest";
import { DsnParseError, parseDeliveryStatus, type DsnRecipient } from "../../server/dsn/parse";
import { smtpCodesFromDsn } from "../../server/dsn/smtp-codes";

const PER_MESSAGE = ["Reporting-MTA: dns; mx.mox.example", "Arrival-Date: Mon, 15 Apr 2024 21:49:02 +0200"];

function recipient(fields: Record<string, string> = {}): string[] {
  const all = { "Final-Recipient": "rfc822; rcpt@remote.example", Action: "failed", Status: "5.0.0", ...fields };
  return Object.entries(all).map(([name, value]) => `${name}: ${value}`);
}

// A status part of blocks separated by one empty line, CRLF line endings.
function statusPart(...blocks: string[][]): Buffer {
  return Buffer.from(blocks.map((lines) => lines.join("\r\n")).join("\r\n\r\n") + "\r\n", "utf8");
}

function parseRecipient(fields: Record<string, string>, utf8 = false): DsnRecipient {
  return parseDeliveryStatus(statusPart(PER_MESSAGE, recipient(fields)), utf8).recipients[0]!;
}

function parseError(body: Buffer, utf8 = false): DsnParseError {
  try {
    parseDeliveryStatus(body, utf8);
  } catch (err) {
    if (err instanceof DsnParseError) return err;
    throw err;
  }
  throw new Error("parsed without error");
}

function recipientError(fields: Record<string, string>, utf8 = false): string {
  return parseError(statusPart(PER_MESSAGE, recipient(fields)), utf8).message;
}

describe("parseDeliveryStatus", () => {
  it("reads every per-message and per-recipient field", () => {
    const dsn = parseDeliveryStatus(
      statusPart(
        [
          "Reporting-MTA: dns; mx.mox.example (our outgoing relay)",
          "Original-Envelope-ID: QQ314159",
          "DSN-Gateway: dns; gw.mox.example",
          "Received-From-MTA: dns; submit.mox.example (localhost [127.0.0.1])",
          "Arrival-Date: Mon, 15 Apr 2024 21:49:02 +0200 (CEST)",
          "X-Extension: ignored",
        ],
        [
          "Final-Recipient: rfc822; rcpt@remote.example",
          "Original-Recipient: rfc822;Original@Remote.Example",
          "Action: failed",
          "Status: 5.1.1 (bad destination mailbox address)",
          "Remote-MTA: dns; mx.remote.example (192.0.2.1)",
          "Diagnostic-Code: smtp; 550 5.1.1 no such user",
          "Last-Attempt-Date: 15 Apr 2024 19:50:00 -0000",
          "Final-Log-ID: abc123",
          "Will-Retry-Until: Tue, 16 Apr 2024 21:49:02 +0200",
        ],
      ),
      false,
    );
    expect(dsn).toEqual({
      reportingMta: "mx.mox.example",
      originalEnvelopeId: "QQ314159",
      dsnGateway: "gw.mox.example",
      receivedFromMta: "submit.mox.example",
      arrivalDate: new Date("2024-04-15T19:49:02Z"),
      recipients: [
        {
          finalRecipient: "rcpt@remote.example",
          originalRecipient: "Original@remote.example",
          action: "failed",
          status: "5.1.1",
          remoteMta: "mx.remote.example",
          diagnosticCode: "550 5.1.1 no such user",
          lastAttemptDate: new Date("2024-04-15T19:50:00Z"),
          finalLogId: "abc123",
          willRetryUntil: new Date("2024-04-16T19:49:02Z"),
        },
      ],
    });
  });

  it("leaves absent optional fields empty", () => {
    const dsn = parseDeliveryStatus(statusPart(["Reporting-MTA: dns; mx.mox.example"], recipient()), false);
    expect(dsn).toEqual({
      reportingMta: "mx.mox.example",
      originalEnvelopeId: "",
      dsnGateway: "",
      receivedFromMta: "",
      arrivalDate: null,
      recipients: [
        {
          finalRecipient: "rcpt@remote.example",
          originalRecipient: "",
          action: "failed",
          status: "5.0.0",
          remoteMta: "",
          diagnosticCode: "",
          lastAttemptDate: null,
          finalLogId: "",
          willRetryUntil: null,
        },
      ],
    });
  });

  it.each([
    ["failed", "failed"],
    ["delayed", "delayed"],
    ["delivered", "delivered"],
    ["relayed", "relayed"],
    ["expanded", "expanded"],
    ["FAILED", "failed"],
    ["Delivered", "delivered"],
  ])("reads action %s", (written, action) => {
    expect(parseRecipient({ Action: written }).action).toBe(action);
  });

  it.each(["bogus", "expired", "", "failed (permanently)", "failed; delayed"])("refuses action %j", (action) => {
    expect(recipientError({ Action: action })).toMatch(/^recipient 1: field Action .*unrecognized action/);
  });

  it("returns one entry per recipient block", () => {
    const dsn = parseDeliveryStatus(
      statusPart(PER_MESSAGE, recipient({ "Final-Recipient": "rfc822; one@remote.example" }), recipient({ "Final-Recipient": "rfc822; two@remote.example", Action: "delayed" })),
      false,
    );
    expect(dsn.recipients.map((r) => [r.finalRecipient, r.action])).toEqual([
      ["one@remote.example", "failed"],
      ["two@remote.example", "delayed"],
    ]);
  });

  it.each([
    ["Reporting-MTA", "per-message fields"],
    ["Final-Recipient", "recipient 1"],
    ["Action", "recipient 1"],
    ["Status", "recipient 1"],
  ])("requires %s", (field, block) => {
    const perMessage = PER_MESSAGE.filter((line) => !line.startsWith(`${field}:`));
    const perRecipient = recipient().filter((line) => !line.startsWith(`${field}:`));
    expect(parseError(statusPart(perMessage, perRecipient)).message).toBe(`${block}: missing required field ${field}`);
  });

  it("refuses a field that occurs twice in a block, whatever its case", () => {
    expect(parseError(statusPart(PER_MESSAGE, [...recipient(), "action: failed"])).message).toBe("recipient 1: field action occurs more than once");
    expect(parseError(statusPart([...PER_MESSAGE, "X-Queue-ID: 1", "X-Queue-ID: 2"], recipient())).message).toMatch(/X-Queue-ID occurs more than once/);
  });

  it("allows the same field in different blocks", () => {
    expect(parseDeliveryStatus(statusPart(PER_MESSAGE, recipient(), recipient()), false).recipients).toHaveLength(2);
  });

  it("needs at least one recipient block", () => {
    expect(parseError(statusPart(PER_MESSAGE)).message).toBe("status part has no per-recipient fields");
    expect(parseError(Buffer.from("\r\n\r\n")).message).toBe("status part has no fields");
    expect(parseError(Buffer.alloc(0)).message).toBe("status part has no fields");
  });

  describe("syntax", () => {
    const lines = [...PER_MESSAGE, "", ...recipient({ "Diagnostic-Code": "smtp; 550 5.1.1 no such user" })];
    const expected = parseDeliveryStatus(Buffer.from(lines.join("\r\n")), false);

    it("accepts LF line endings, leading and trailing blank lines, and several blank lines between blocks", () => {
      expect(parseDeliveryStatus(Buffer.from(lines.join("\n")), false)).toEqual(expected);
      expect(parseDeliveryStatus(Buffer.from(`\r\n\r\n${lines.join("\r\n")}\r\n\r\n\r\n`), false)).toEqual(expected);
      const spread = [...PER_MESSAGE, "", "", "", ...lines.slice(PER_MESSAGE.length + 1)];
      expect(parseDeliveryStatus(Buffer.from(spread.join("\n")), false)).toEqual(expected);
    });

    it("unfolds continuation lines into single spaces", () => {
      const folded = recipient({ "Diagnostic-Code": "smtp; 550 5.1.1 <rcpt@remote.example>:\r\n    Recipient address\r\n\trejected" });
      expect(parseDeliveryStatus(statusPart(PER_MESSAGE, folded), false).recipients[0]!.diagnosticCode).toBe("550 5.1.1 <rcpt@remote.example>: Recipient address rejected");
    });

    it("matches field names case-insensitively, also with whitespace before the colon", () => {
      const r = parseDeliveryStatus(statusPart(["reporting-mta : dns; mx.mox.example"], ["FINAL-RECIPIENT: rfc822; rcpt@remote.example", "action:delayed", "status :4.4.1"]), false);
      expect([r.reportingMta, r.recipients[0]!.action, r.recipients[0]!.status]).toEqual(["mx.mox.example", "delayed", "4.4.1"]);
    });

    it.each([
      ["a line that is not a field", [...PER_MESSAGE, "this is not a field"], "not a header field"],
      ["a field without a name", [...PER_MESSAGE, ": value"], "not a header field"],
      ["a block starting with a continuation line", [" Reporting-MTA: dns; mx.mox.example"], "continuation line without a field"],
      ["a control character", [...PER_MESSAGE, "X-Note: a\x00b"], "control character"],
      ["a bare carriage return", [...PER_MESSAGE, "X-Note: a\rb"], "control character"],
    ])("refuses %s", (_, perMessage, message) => {
      expect(parseError(statusPart(perMessage, recipient())).message).toContain(message);
    });

    it("refuses bytes that are not UTF-8, in both kinds of DSN", () => {
      const body = Buffer.concat([statusPart(PER_MESSAGE, recipient()), Buffer.from("X-Note: caf\xe9\r\n", "latin1")]);
      expect(parseError(body, false).message).toBe("status part is not valid UTF-8");
      expect(parseError(body, true).message).toBe("status part is not valid UTF-8");
    });

    it("accepts UTF-8 outside addresses in a non-global DSN, as mox does", () => {
      expect(parseRecipient({ "Diagnostic-Code": "smtp; 550 5.1.1 Adresse inconnue, désolé" }).diagnosticCode).toBe("550 5.1.1 Adresse inconnue, désolé");
    });
  });

  describe("MTA fields", () => {
    it("removes comments, nested ones too", () => {
      const dsn = parseDeliveryStatus(statusPart(["Reporting-MTA: dns; (first (nested)) mx.mox.example (192.0.2.1)"], recipient({ "Remote-MTA": "DNS; mx.remote.example (192.0.2.2)" })), false);
      expect([dsn.reportingMta, dsn.recipients[0]!.remoteMta]).toEqual(["mx.mox.example", "mx.remote.example"]);
    });

    it.each([
      ["Reporting-MTA: dsn; mx.mox.example", 'MTA name type "dsn", expected "dns"'],
      ["Reporting-MTA: mx.mox.example", 'expected "type; value"'],
      ["Reporting-MTA: dns;", "empty MTA name"],
      ["Reporting-MTA: dns; (only a comment)", "empty MTA name"],
    ])("refuses %j", (line, message) => {
      expect(parseError(statusPart([line], recipient())).message).toContain(message);
    });

    it("requires the dns type on Received-From-MTA and DSN-Gateway too, but not a domain name", () => {
      expect(parseError(statusPart([...PER_MESSAGE, "Received-From-MTA: smtp; client.example"], recipient())).message).toContain("Received-From-MTA");
      expect(parseError(statusPart([...PER_MESSAGE, "DSN-Gateway: x-gw; gw"], recipient())).message).toContain("DSN-Gateway");
      expect(parseDeliveryStatus(statusPart([...PER_MESSAGE, "Received-From-MTA: dns; [192.0.2.1]"], recipient()), false).receivedFromMta).toBe("[192.0.2.1]");
    });

    it("takes any Remote-MTA, with or without a type", () => {
      expect(parseRecipient({ "Remote-MTA": "192.0.2.89" }).remoteMta).toBe("192.0.2.89");
      expect(parseRecipient({ "Remote-MTA": "x-local; lmtp" }).remoteMta).toBe("lmtp");
    });
  });

  describe("addresses", () => {
    it("reads rfc822 addresses, comments removed, domain in Unicode form", () => {
      expect(parseRecipient({ "Final-Recipient": "RFC822; (the recipient) Rcpt@XN--74H.Example" }).finalRecipient).toBe("Rcpt@☺.example");
    });

    it("accepts the utf-8 address type only in global DSNs", () => {
      expect(parseRecipient({ "Final-Recipient": "utf-8; rcpt@remote.example" }, true).finalRecipient).toBe("rcpt@remote.example");
      expect(recipientError({ "Final-Recipient": "utf-8; rcpt@remote.example" }, false)).toContain("utf-8 address type outside a global DSN");
      expect(recipientError({ "Original-Recipient": "utf-8; rcpt@remote.example" }, false)).toContain("Original-Recipient");
    });

    it("accepts UTF-8 addresses only in global DSNs", () => {
      expect(parseRecipient({ "Final-Recipient": "utf-8; hélène@☺.example" }, true).finalRecipient).toBe("hélène@☺.example");
      expect(parseRecipient({ "Final-Recipient": "rfc822; hélène@☺.example" }, true).finalRecipient).toBe("hélène@☺.example");
      expect(recipientError({ "Final-Recipient": "rfc822; hélène@remote.example" }, false)).toContain("non-ASCII address outside a global DSN");
    });

    it("decodes \\x{HEX} escapes in the localpart", () => {
      expect(parseRecipient({ "Final-Recipient": "utf-8; h\\x{E9}l\\X{e8}ne@remote.example" }, true).finalRecipient).toBe("hélène@remote.example");
      expect(parseRecipient({ "Final-Recipient": "rfc822; \\x{1F600}@remote.example" }, false).finalRecipient).toBe("😀@remote.example");
    });

    it.each([
      ["utf-8; a\\x{D800}@remote.example", "is not a Unicode character"],
      ["utf-8; a\\x{110000}@remote.example", "is not a Unicode character"],
      ["utf-8; a\\x{}@remote.example", "backslash not starting"],
      ["utf-8; a\\x{41@remote.example", "backslash not starting"],
      ['utf-8; "a\\b"@remote.example', "backslash not starting"],
      ["utf-8; \\x{0}@remote.example", "not an email address"],
    ])("refuses the escape in %j", (value, message) => {
      expect(recipientError({ "Final-Recipient": value }, true)).toContain(message);
    });

    it.each([
      ["rfc822; <rcpt@remote.example>", "not an email address"],
      ["rfc822; rcpt", "not an email address"],
      ["rfc822; @remote.example", "not an email address"],
      ["rfc822; |/usr/bin/procmail rcpt@remote.example", "not an email address"],
      ["rfc/822; rcpt@remote.example", 'address type "rfc/822"'],
      ["x-local; rcpt", 'address type "x-local"'],
      ["rcpt@remote.example", 'expected "type; value"'],
    ])("refuses Final-Recipient %j", (value, message) => {
      expect(recipientError({ "Final-Recipient": value })).toContain(message);
    });
  });

  describe("Status", () => {
    it.each([
      ["5.1.1", "5.1.1"],
      ["4.4.7 (unable to deliver this message after 1 day)", "4.4.7"],
      ["5.0.0(no space (nested))", "5.0.0"],
      ["2.0.0", "2.0.0"],
      ["5.7.650", "5.7.650"],
    ])("reads %j", (value, status) => {
      expect(parseRecipient({ Status: value }).status).toBe(status);
    });

    it.each(["", "5.1", "550", "5.1.1.1", "5.1.1000", "a.b.c", "5.1.1 trailing", "5.1.1 (unclosed", "RO"])("refuses %j", (value) => {
      expect(recipientError({ Status: value })).toMatch(/^recipient 1: field Status .*expected "X\.Y\.Z"/);
    });
  });

  describe("Diagnostic-Code", () => {
    it("keeps the text after the smtp type, trimmed", () => {
      expect(parseRecipient({ "Diagnostic-Code": "SMTP;550 5.1.1 gone  " }).diagnosticCode).toBe("550 5.1.1 gone");
      expect(parseRecipient({ "Diagnostic-Code": "smtp; " }).diagnosticCode).toBe("");
    });

    // mox refuses every other diagnostic type, Postfix's and Sendmail's included.
    it.each(["X-Postfix; Host or domain name not found", "x-unix; procmail: no such user", "X-Notes; routing loop", "550 5.1.1 untyped", "smtp"])("refuses %j", (value) => {
      expect(recipientError({ "Diagnostic-Code": value })).toContain("field Diagnostic-Code");
    });
  });

  describe("dates", () => {
    it.each([
      ["Mon, 15 Apr 2024 21:49:02 +0200", "2024-04-15T19:49:02Z"],
      ["15 Apr 2024 21:49:02 +0200", "2024-04-15T19:49:02Z"],
      ["Thu,  1 Jul 2014 23:45:01 +0900 (JST)", "2014-07-01T14:45:01Z"],
      ["Thu, 01 Oct 15 14:12:38 UTC", "2015-10-01T14:12:38Z"],
      ["Sun, 30 Apr 2017 04:41:00 PDT", "2017-04-30T11:41:00Z"],
      ["15 Apr 2024 21:49 -0000", "2024-04-15T21:49:00Z"],
    ])("reads %j", (value, iso) => {
      expect(parseRecipient({ "Last-Attempt-Date": value }).lastAttemptDate).toEqual(new Date(iso));
    });

    it.each(["2012-10-31 04-46-42", "31 Feb 2024 10:00:00 +0000", "15 Apr 2024 25:00:00 +0000", "yesterday", ""])("refuses %j", (value) => {
      expect(recipientError({ "Last-Attempt-Date": value })).toContain("not an RFC 5322 date-time");
      expect(parseError(statusPart([...PER_MESSAGE.slice(0, 1), `Arrival-Date: ${value}`], recipient())).message).toContain("Arrival-Date");
    });

    // mox ignores a Will-Retry-Until it cannot parse.
    it("leaves an unparsable Will-Retry-Until out", () => {
      expect(parseRecipient({ Action: "delayed", "Will-Retry-Until": "2012-10-31 04-46-42" }).willRetryUntil).toBeNull();
    });
  });

  it("reads a global DSN with UTF-8 throughout", () => {
    const dsn = parseDeliveryStatus(
      statusPart(
        ["Reporting-MTA: dns; mx.☺.example", "Arrival-Date: Mon, 15 Apr 2024 21:49:02 +0200"],
        ["Original-Recipient: utf-8; møx@☺.example", "Final-Recipient: utf-8; m\\x{F8}x@☺.example", "Action: failed", "Status: 5.1.1 (boîte inconnue)", "Diagnostic-Code: smtp; 550 5.1.1 møx inconnu"],
      ),
      true,
    );
    expect(dsn.reportingMta).toBe("mx.☺.example");
    expect(dsn.recipients[0]).toMatchObject({ originalRecipient: "møx@☺.example", finalRecipient: "møx@☺.example", status: "5.1.1", diagnosticCode: "550 5.1.1 møx inconnu" });
  });

  it("keeps error messages short for huge fields", () => {
    expect(recipientError({ Action: "x".repeat(100_000) }).length).toBeLessThan(400);
  });
});

describe("smtpCodesFromDsn", () => {
  function codes(diagnostic: string | null, status: string) {
    return smtpCodesFromDsn(parseRecipient(diagnostic === null ? { Status: status } : { Status: status, "Diagnostic-Code": diagnostic }));
  }

  it.each([
    // [Diagnostic-Code, Status, code, secode]
    ["smtp; 554 5.0.0 error", "5.0.0", 554, "0.0"],
    ["smtp; 550 5.1.1", "5.1.1", 550, "1.1"],
    ["smtp; 550 Mailbox unavailable", "5.0.0", 550, ""],
    ["smtp; 421 4.7.0 try later", "4.7.0", 421, "7.0"],
    // The secode token is taken from any 4. or 5. prefix, whatever the reply's class, and not validated further.
    ["smtp; 554 4.4.7 Message expired", "4.4.7", 554, "4.7"],
    ["smtp; 451 5. odd", "4.0.0", 451, ""],
    ["smtp; 550 5.1.1; trailing", "5.1.1", 550, "1.1;"],
    ["smtp; 250 2.1.5 ok", "2.1.5", 250, ""],
    // mox's guard against codes of 600 and up never fires.
    ["smtp; 999 5.1.1 strange", "5.1.1", 999, "1.1"],
    // Three digits without text: no code from the reply, so the Status decides.
    ["smtp; 550", "5.1.1", 500, "1.1"],
    ["smtp; 550", "2.0.0", 0, ""],
    // A multi-line reply's dash, a tab, or a longer number is no space-separated 3-digit code.
    ["smtp; 550-5.7.1 [192.0.2.1] blocked", "5.7.1", 500, "7.1"],
    ["smtp; 550\t5.1.1 user unknown", "4.2.2", 400, "2.2"],
    ["smtp; 5500 5.1.1 user unknown", "5.1.1", 500, "1.1"],
    ["smtp; 5.1.0 - Unknown address error 550", "5.0.0", 500, "0.0"],
    ["smtp; DNS Error: domain not found", "4.0.0", 400, "0.0"],
    ["smtp;", "4.5.0", 400, "5.0"],
    [null, "5.7.26", 500, "7.26"],
    [null, "4.4.7", 400, "4.7"],
    // A 2.x.x Status gives no code.
    [null, "2.0.0", 0, ""],
    ["smtp; all is well", "2.0.0", 0, ""],
    // "000" is no code, so the Status overrides it when it can; otherwise its secode stays, as in mox.
    ["smtp; 000 5.1.1 zero", "4.4.1", 400, "4.1"],
    ["smtp; 000 5.1.1 zero", "2.0.0", 0, "1.1"],
  ])("Diagnostic-Code %j with Status %s gives %i %j", (diagnostic, status, code, secode) => {
    expect(codes(diagnostic, status)).toEqual({ code, secode });
  });
});

// Deterministic, so a failure can be reproduced.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = "parsed" | "refused";

function outcome(body: Buffer, utf8: boolean): Outcome {
  try {
    parseDeliveryStatus(body, utf8);
    return "parsed";
  } catch (err) {
    if (err instanceof DsnParseError) return "refused";
    throw err;
  }
}

describe("hostile input", () => {
  const valid = statusPart(
    [...PER_MESSAGE, "Received-From-MTA: dns; submit.mox.example (localhost)"],
    [...recipient({ Status: "5.1.1 (gone)", "Diagnostic-Code": "smtp; 550 5.1.1\r\n  <rcpt@remote.example> gone", "Original-Recipient": "utf-8; r\\x{E9}@remote.example" })],
  );

  it("never throws anything but DsnParseError on truncations", () => {
    const outcomes = new Set<Outcome>();
    for (let end = 0; end <= valid.length; end++) {
      outcomes.add(outcome(valid.subarray(0, end), true));
      outcomes.add(outcome(valid.subarray(end), true));
    }
    expect([...outcomes].sort()).toEqual(["parsed", "refused"]);
  });

  it("never throws anything but DsnParseError on mutations", () => {
    const next = random(1);
    const specials = Buffer.from("\r\n \t:;()\\\"@{}x.5");
    const outcomes = new Set<Outcome>();
    for (let i = 0; i < 3000; i++) {
      const mutated = Buffer.from(valid);
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * mutated.length);
        mutated[at] = next() < 0.5 ? specials[Math.floor(next() * specials.length)]! : Math.floor(next() * 256);
      }
      outcomes.add(outcome(mutated, next() < 0.5));
    }
    expect([...outcomes].sort()).toEqual(["parsed", "refused"]);
  });

  it("never throws anything but DsnParseError on random bytes", () => {
    const next = random(2);
    const alphabet = Buffer.from("Reporting-MTA: dns;\r\nFinal-Recipient: rfc822;a@b.example\nAction: failed\nStatus: 5.1.1 ( )\\x{41}\r\n\r\n");
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(next() * 300);
      const bytes = Buffer.alloc(length);
      const fromAlphabet = next() < 0.7;
      for (let j = 0; j < length; j++) bytes[j] = fromAlphabet ? alphabet[Math.floor(next() * alphabet.length)]! : Math.floor(next() * 256);
      expect(["parsed", "refused"]).toContain(outcome(bytes, next() < 0.5));
    }
  });

  it("handles a large status part in linear time", () => {
    const many = Array.from({ length: 20_000 }, (_, i) => recipient({ "Final-Recipient": `rfc822; r${i}@remote.example` }));
    const started = performance.now();
    expect(parseDeliveryStatus(statusPart(PER_MESSAGE, ...many), false).recipients).toHaveLength(20_000);
    const nested = statusPart([`Reporting-MTA: dns; ${"(".repeat(200_000)}mx${")".repeat(200_000)}`], recipient());
    expect(parseError(nested).message).toContain("empty MTA name");
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
