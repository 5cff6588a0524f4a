import { describe, expect, it } from "vitest";
import { classifyIncoming, isDsnStructure, type IncomingClassification } from "../../server/dsn/incoming-classify";
import { parseStructure } from "../../server/message/structure";

type StatusPart = { contentType?: string; encoding?: "7bit" | "8bit" | "base64"; lines: string[] };

function statusLines(action: string, recipients = ["rcpt@remote.example"]): string[] {
  const blocks = recipients.map((r) => [`Final-Recipient: rfc822; ${r}`, `Action: ${action}`, "Status: 5.0.0", "Diagnostic-Code: smtp; 554 5.0.0 error"]);
  return ["Reporting-MTA: dns; mx.remote.example", ...blocks.flatMap((b) => ["", ...b])];
}

function body(part: StatusPart): string {
  const text = part.lines.join("\r\n") + "\r\n";
  return part.encoding === "base64" ? Buffer.from(text).toString("base64").replace(/.{76}/g, "$&\r\n") : text;
}

// A whole message as a remote MTA sends it: human text, the status part, the original headers.
function report(part: StatusPart, topType = 'multipart/report; report-type="delivery-status"'): Buffer {
  const lines = [
    "From: MAILER-DAEMON@remote.example",
    "To: mjl+unique@mox.example",
    "Subject: Delivery Status Notification",
    "MIME-Version: 1.0",
    `Content-Type: ${topType}; boundary="b"`,
    "",
    "This is a MIME-encapsulated message.",
    "--b",
    "Content-Type: text/plain",
    "",
    "Your message could not be delivered.",
    "--b",
    `Content-Type: ${part.contentType ?? "message/delivery-status"}`,
    `Content-Transfer-Encoding: ${part.encoding ?? "7bit"}`,
    "",
    body(part),
    "--b",
    "Content-Type: text/rfc822-headers",
    "",
    "Message-Id: <original@mox.example>",
    "Subject: test",
    "",
    "--b--",
    "",
  ];
  return Buffer.from(lines.join("\r\n"), "utf8");
}

function classify(raw: Buffer): IncomingClassification {
  return classifyIncoming(raw, parseStructure(raw));
}

const understood = { dsn: true, code: 554, secode: "0.0", error: "incoming message" };

describe("classifyIncoming", () => {
  it.each([
    ["failed", false],
    ["delayed", false],
    ["delivered", true],
    ["relayed", true],
    ["expanded", true],
  ])("maps action %s to its event, success %s, with the DSN's codes", (action, success) => {
    expect(classify(report({ lines: statusLines(action) }))).toEqual({ event: action, success, ...understood });
  });

  it("reads the action case-insensitively", () => {
    expect(classify(report({ lines: statusLines("Failed") }))).toMatchObject({ event: "failed", success: false });
  });

  it("reports a failure without any code as code 0", () => {
    const lines = ["Reporting-MTA: dns; mx.remote.example", "", "Final-Recipient: rfc822; rcpt@remote.example", "Action: failed", "Status: 2.0.0"];
    expect(classify(report({ lines }))).toEqual({ event: "failed", dsn: true, success: false, code: 0, secode: "", error: "incoming message" });
  });

  it("makes an unknown action unrecognized, without codes", () => {
    const c = classify(report({ lines: statusLines("bogus") }));
    expect(c).toMatchObject({ event: "unrecognized", dsn: true, success: false, code: 0, secode: "" });
    expect(c.error).toMatch(/^parsing incoming dsn: recipient 1: field Action "bogus": unrecognized action/);
  });

  it("makes a malformed status part unrecognized", () => {
    const c = classify(report({ lines: ["Final-Recipient: rfc822; rcpt@remote.example", "Action: failed", "Status: 5.0.0"] }));
    expect(c).toEqual({
      event: "unrecognized",
      dsn: true,
      success: false,
      code: 0,
      secode: "",
      error: "parsing incoming dsn: status part has no per-recipient fields",
    });
  });

  it("makes a DSN about two recipients unrecognized", () => {
    expect(classify(report({ lines: statusLines("failed", ["one@remote.example", "two@remote.example"]) }))).toEqual({
      event: "unrecognized",
      dsn: true,
      success: false,
      code: 0,
      secode: "",
      error: "incoming dsn has 2 recipients, expecting 1",
    });
  });

  it("makes a message that is not a DSN unrecognized", () => {
    const raw = Buffer.from("From: rcpt@remote.example\r\nSubject: Out of office\r\n\r\nI am away until Monday.\r\n");
    expect(classify(raw)).toEqual({ event: "unrecognized", dsn: false, success: false, code: 0, secode: "", error: "incoming message not a dsn" });
  });

  it("transfer-decodes a base64 status part", () => {
    const raw = report({ encoding: "base64", lines: statusLines("delayed") });
    expect(raw.toString()).not.toContain("Action:");
    expect(classify(raw)).toEqual({ event: "delayed", success: false, ...understood });
  });

  it("does not take a text/plain second part for a status part", () => {
    expect(classify(report({ contentType: "text/plain", lines: statusLines("failed") }))).toMatchObject({ event: "unrecognized", dsn: false, error: "incoming message not a dsn" });
  });

  it("ignores the report-type parameter, as mox does", () => {
    expect(classify(report({ lines: statusLines("failed") }, 'multipart/report; report-type="feedback-report"'))).toMatchObject({ event: "failed", dsn: true });
  });

  it("requires multipart/report at the top", () => {
    expect(classify(report({ lines: statusLines("failed") }, "multipart/mixed"))).toMatchObject({ event: "unrecognized", dsn: false });
  });

  describe("global DSNs", () => {
    const utf8Lines = ["Reporting-MTA: dns; mx.☺.example", "", "Final-Recipient: utf-8; møx@☺.example", "Action: relayed", "Status: 2.0.0"];

    it("reads UTF-8 in a message/global-delivery-status part", () => {
      expect(classify(report({ contentType: "message/global-delivery-status", encoding: "8bit", lines: utf8Lines }))).toEqual({
        event: "relayed",
        dsn: true,
        success: true,
        code: 0,
        secode: "",
        error: "incoming message",
      });
    });

    it("refuses UTF-8 addresses in a message/delivery-status part", () => {
      const c = classify(report({ encoding: "8bit", lines: utf8Lines }));
      expect(c).toMatchObject({ event: "unrecognized", dsn: true });
      expect(c.error).toContain("utf-8 address type outside a global DSN");
    });
  });

  it("never throws on truncated or damaged messages", () => {
    const raw = report({ lines: statusLines("failed") });
    const events = new Set<string>();
    for (let end = 0; end <= raw.length; end += 3) {
      const damaged = Buffer.concat([raw.subarray(0, end), Buffer.from([0xff, 0x00]), raw.subarray(end + 5)]);
      for (const candidate of [raw.subarray(0, end), damaged]) {
        const c = classify(candidate);
        events.add(c.event);
        expect(typeof c.error).toBe("string");
      }
    }
    expect([...events].sort()).toEqual(["failed", "unrecognized"]);
  });
});

describe("isDsnStructure", () => {
  it.each([
    ["a DSN", report({ lines: statusLines("failed") }), true],
    ["a global DSN", report({ contentType: "message/global-delivery-status", lines: statusLines("failed") }), true],
    ["a DSN with an unparsable status part", report({ lines: ["garbage"] }), true],
    ["a report with a text/plain second part", report({ contentType: "text/plain", lines: statusLines("failed") }), false],
    ["a multipart/mixed message with a status part", report({ lines: statusLines("failed") }, "multipart/mixed"), false],
    ["a multipart/report with one part", Buffer.from('Content-Type: multipart/report; boundary="b"\r\n\r\n--b\r\n\r\ntext\r\n--b--\r\n'), false],
    ["a plain message", Buffer.from("Subject: hi\r\n\r\nhello\r\n"), false],
  ])("%s", (_, raw, dsn) => {
    expect(isDsnStructure(parseStructure(raw))).toBe(dsn);
  });
});
