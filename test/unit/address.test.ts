import { describe, expect, it } from "vitest";
import { parseDomain } from "../../server/address/domain";
import { canonicalLocalpart, formatAddress, parseAddress } from "../../server/address/parse";
import { AppError } from "../../server/errors";

describe("parseDomain", () => {
  it("gives ASCII and Unicode forms, case folded, trailing dot removed", () => {
    expect(parseDomain("Mox.Example.")).toEqual({ ascii: "mox.example", unicode: "mox.example" });
    expect(parseDomain("☺.localhost")).toEqual({ ascii: "xn--74h.localhost", unicode: "☺.localhost" });
    expect(parseDomain("XN--74H.localhost").unicode).toBe("☺.localhost");
  });

  it.each(["", "-bad.example", "a..b", "exa mple.com", "x".repeat(64) + ".com"])("rejects %j", (name) => {
    expect(() => parseDomain(name)).toThrow(AppError);
  });
});

describe("parseAddress", () => {
  it("parses plain, Unicode and quoted localparts", () => {
    expect(formatAddress(parseAddress("mox@localhost"))).toBe("mox@localhost");
    expect(formatAddress(parseAddress("møx@☺.localhost"), "ascii")).toBe("møx@xn--74h.localhost");
    expect(parseAddress('"a b"@example.com').localpart).toBe('"a b"');
  });

  it.each(["", "nobody", "@example.com", "a@", "a b@example.com", "a..b@example.com", "a@b@", "x\u0001@example.com"])(
    "rejects %j with code badAddress",
    (input) => {
      expect(() => parseAddress(input)).toThrow(expect.objectContaining({ code: "badAddress" }));
    },
  );
});

describe("canonicalLocalpart", () => {
  const domain = { localpartCatchallSeparators: ["+"], localpartCaseSensitive: false };
  it("cuts at the separator and folds case", () => {
    expect(canonicalLocalpart("Mox+Anything", domain)).toBe("mox");
    expect(canonicalLocalpart("mox", domain)).toBe("mox");
  });
  it("cuts at the first of several separators and keeps case when asked", () => {
    expect(canonicalLocalpart("Mj-L+x", { localpartCatchallSeparators: ["+", "-"], localpartCaseSensitive: true })).toBe("Mj");
  });
});
