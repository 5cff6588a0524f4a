// The small pure parts of webhook delivery: the retry table and its jitter, the response cut, the signature.
import { describe, expect, it } from "vitest";
import { HOOK_INTERVALS_MS, HOOK_MAX_ATTEMPTS, hookJitter } from "../../server/webhook/backoff";
import { utf8Prefix } from "../../server/webhook/post";
import { curlCommand, hookHeaders, USER_AGENT } from "../../server/webhook/request-headers";
import { activeSigningSecrets, signedString, signWebhook, verifyWebhookSignature } from "../../server/webhook/signature";

describe("retry schedule", () => {
  it("has mox's 11 intervals, so 12 attempts", () => {
    expect(HOOK_INTERVALS_MS.map((ms) => ms / 60_000)).toEqual([1, 2, 4, 7.5, 15, 30, 60, 120, 240, 480, 960]);
    expect(HOOK_MAX_ATTEMPTS).toBe(12);
  });

  it("jitters by at most 1% either way, in steps of 0.01%", () => {
    expect(hookJitter(() => 0)).toBe(-0.01);
    expect(hookJitter(() => 0.99999)).toBe(0.0099);
    expect(hookJitter(() => 0.5)).toBe(0);
  });
});

describe("utf8Prefix", () => {
  it("keeps short input whole and cuts long input before a split character", () => {
    expect(utf8Prefix(Buffer.from("ok\n"), 512)).toBe("ok\n");
    expect(utf8Prefix(Buffer.from("abé"), 3)).toBe("ab");
    expect(utf8Prefix(Buffer.from("abé"), 4)).toBe("abé");
    expect(utf8Prefix(Buffer.from("a☺b"), 3)).toBe("a");
    expect(utf8Prefix(Buffer.from("abcd"), 2)).toBe("ab");
  });
});

describe("signature", () => {
  const at = new Date("2030-01-01T00:00:00Z");
  it("verifies its own signature and refuses malformed or stale headers", () => {
    const header = signWebhook(["k"], "{}", at);
    expect(header).toMatch(/^t=1893456000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature("k", header, "{}", at)).toBe(true);
    expect(verifyWebhookSignature("k", header, "{}", new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature("k", "", "{}", at)).toBe(false);
    expect(verifyWebhookSignature("k", "t=abc,v1=00", "{}", at)).toBe(false);
    expect(verifyWebhookSignature("k", header.replace(/v1=../, "v1=zz"), "{}", at)).toBe(false);
  });

  it("signs with every secret given, newest first, and each of them verifies", () => {
    const header = signWebhook(["new", "old"], "{}", at);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(header.split(",")[1]).toBe(signWebhook(["new"], "{}", at).split(",")[1]);
    expect(verifyWebhookSignature("new", header, "{}", at)).toBe(true);
    expect(verifyWebhookSignature("old", header, "{}", at)).toBe(true);
    expect(verifyWebhookSignature("other", header, "{}", at)).toBe(false);
    expect(verifyWebhookSignature("old", header, "{} ", at)).toBe(false);
  });

  it("signs nothing without a secret", () => {
    expect(signWebhook([], "{}", at)).toBe("");
  });

  it("uses the previous secret only during its overlap", () => {
    const a = { webhookSigningSecret: "new", webhookSigningPrevious: "old", webhookSigningPreviousUntil: new Date(at.getTime() + 1000) };
    expect(activeSigningSecrets(a, at)).toEqual(["new", "old"]);
    expect(activeSigningSecrets(a, new Date(at.getTime() + 1000))).toEqual(["new"]);
    expect(activeSigningSecrets({ ...a, webhookSigningPreviousUntil: null }, at)).toEqual(["new"]);
    expect(activeSigningSecrets({ ...a, webhookSigningSecret: "", webhookSigningPrevious: "" }, at)).toEqual([]);
  });

  it("tells the string it signs", () => {
    expect(signedString(1893456000, '{"a":1}')).toBe('1893456000.{"a":1}');
  });
});

describe("request headers and curl command", () => {
  it("builds mox's headers, with Authorization and signature only when given, and quotes the curl arguments for a shell", () => {
    expect(hookHeaders({ id: 1, attempt: 1, authorization: "", signature: "" })).toEqual({
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": USER_AGENT,
      "X-Mox-Webhook-ID": "1",
      "X-Mox-Webhook-Attempt": "1",
    });
    const headers = hookHeaders({ id: 7n, attempt: 2, authorization: "Basic a'b", signature: "t=1,v1=00" });
    expect(headers).toMatchObject({ "X-Mox-Webhook-ID": "7", Authorization: "Basic a'b", "X-Mailroom-Signature": "t=1,v1=00" });
    const curl = curlCommand("http://127.0.0.1/x", headers, `{"a":"it's"}`);
    expect(curl).toContain(`-H 'Authorization: Basic a'\\''b'`);
    expect(curl).toContain(`--data-binary '{"a":"it'\\''s"}'`);
    expect(curl.endsWith(`'http://127.0.0.1/x'`)).toBe(true);
  });
});
