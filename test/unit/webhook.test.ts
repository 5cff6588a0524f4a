// The small pure parts of webhook delivery: the retry table and its jitter, the response cut, the signature.
import { describe, expect, it } from "vitest";
import { HOOK_INTERVALS_MS, HOOK_MAX_ATTEMPTS, hookJitter } from "../../server/webhook/backoff";
import { utf8Prefix } from "../../server/webhook/post";
import { signWebhook, verifyWebhookSignature } from "../../server/webhook/signature";

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
    const header = signWebhook("k", "{}", at);
    expect(verifyWebhookSignature("k", header, "{}", at)).toBe(true);
    expect(verifyWebhookSignature("k", header, "{}", new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhookSignature("k", "", "{}", at)).toBe(false);
    expect(verifyWebhookSignature("k", "t=abc,v1=00", "{}", at)).toBe(false);
    expect(verifyWebhookSignature("k", header.replace(/v1=../, "v1=zz"), "{}", at)).toBe(false);
  });
});
