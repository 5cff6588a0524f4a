// base64 bodies: the standard alphabet in lines of 76 characters, each ending in CRLF, for any length.
import { describe, expect, it } from "vitest";
import { base64Body } from "../../server/message/mime-writer";

describe("base64Body", () => {
  it.each([0, 1, 2, 56, 57, 58, 114, 1000, 100_003])("writes %i bytes as wrapped base64", (size) => {
    const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + 7) % 256));
    const text = base64Body(data).toString("latin1");
    const lines = text.split("\r\n");
    expect(lines.pop()).toBe("");
    expect(lines.every((l) => l.length > 0 && l.length <= 76)).toBe(true);
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    expect(Buffer.from(lines.join(""), "base64").equals(data)).toBe(true);
  });
});
