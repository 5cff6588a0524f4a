// Entries expire after their time, null is an answer like any other, and the cache stays bounded.
import { describe, expect, it } from "vitest";
import { ExpiringCache } from "../../server/runtime/expiring-cache";

describe("ExpiringCache", () => {
  it("answers until the entry's time is up, for the same key parts only", () => {
    let now = 1_000;
    const cache = new ExpiringCache<string | null>(5_000, () => now);
    cache.set("alice", "user", "secret");
    cache.set(null, "nobody");
    expect(cache.get("user", "secret")).toBe("alice");
    expect(cache.get("user", "other")).toBeUndefined();
    expect(cache.get("usersecret")).toBeUndefined();
    expect(cache.get("nobody")).toBeNull();
    now += 5_001;
    expect(cache.get("user", "secret")).toBeUndefined();
    expect(cache.get("nobody")).toBeUndefined();
  });

  it("drops the least recently used entry beyond its bound", () => {
    const cache = new ExpiringCache<number>(60_000);
    for (let i = 0; i <= 10_000; i++) cache.set(i, String(i));
    expect(cache.get("0")).toBeUndefined();
    expect(cache.get("10000")).toBe(10_000);
  });
});
