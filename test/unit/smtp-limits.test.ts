import { describe, expect, it } from "vitest";
import { ConnectionsPerIp } from "../../server/smtp/connections-per-ip";
import { MAX_REPLY_TEXT, fitReplyText } from "../../server/smtp/reply-line";

describe("fitReplyText", () => {
  it("leaves a reply that fits alone", () => {
    expect(fitReplyText("queued as 1, 2")).toBe("queued as 1, 2");
  });

  it("keeps the items of a long list that fit and counts the rest", () => {
    const ids = Array.from({ length: 100 }, (_, i) => String(1_000_000 + i));
    const text = fitReplyText(`queued as ${ids.join(", ")}`);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_REPLY_TEXT);
    const m = /^queued as ((?:\d+, )*\d+) and (\d+) more$/.exec(text);
    expect(m).not.toBeNull();
    const kept = m![1]!.split(", ");
    expect(kept).toEqual(ids.slice(0, kept.length));
    expect(kept.length + Number(m![2])).toBe(100);
    // As many as fit: one more would not.
    expect(Buffer.byteLength(`queued as ${ids.slice(0, kept.length + 1).join(", ")} and ${99 - kept.length} more`)).toBeGreaterThan(MAX_REPLY_TEXT);
  });

  it("cuts other long text at a character boundary, within the limit", () => {
    const text = fitReplyText(`bad address: ${"☺".repeat(400)}`);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_REPLY_TEXT);
    expect(text).toMatch(/^bad address: ☺+\.\.\.$/);
  });

  it("leaves room for the code, an enhanced code and CRLF in 512 bytes", () => {
    expect("250 ".length + "5.123.123 ".length + MAX_REPLY_TEXT + "\r\n".length).toBe(512);
  });
});

describe("ConnectionsPerIp", () => {
  it("allows the limit per address and gives a place back once per release", () => {
    const perIp = new ConnectionsPerIp(2);
    const a = perIp.take("192.0.2.1")!;
    expect(perIp.take("192.0.2.1")).not.toBeNull();
    expect(perIp.take("192.0.2.1")).toBeNull();
    // The same client on a dual-stack socket, and a neighbour that is another client.
    expect(perIp.take("::ffff:192.0.2.1")).toBeNull();
    expect(perIp.take("192.0.2.2")).not.toBeNull();
    a();
    a();
    expect(perIp.take("192.0.2.1")).not.toBeNull();
    expect(perIp.take("192.0.2.1")).toBeNull();
  });

  it("counts an IPv6 client per /64", () => {
    const perIp = new ConnectionsPerIp(1);
    expect(perIp.take("2001:db8:1:2::1")).not.toBeNull();
    expect(perIp.take("2001:db8:1:2:ffff::9")).toBeNull();
    expect(perIp.take("2001:db8:1:3::1")).not.toBeNull();
  });
});
