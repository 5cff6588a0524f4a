// The one RFC 3339 parser, read as Go's time.Time reads it.
import { describe, expect, it } from "vitest";
import { parseRfc3339, rfc3339Instant } from "../../server/runtime/rfc3339";

describe("parseRfc3339", () => {
  it("reads offsets, fractions of any length and either case of T and Z", () => {
    const t = parseRfc3339("2026-12-03T10:00:05.123456789+01:30")!;
    expect(t.utcSeconds.toISOString()).toBe("2026-12-03T08:30:05.000Z");
    expect(t.fraction).toBe("123456789");
    expect(t.offsetMinutes).toBe(90);
    expect(rfc3339Instant(t).toISOString()).toBe("2026-12-03T08:30:05.123Z");
    expect(parseRfc3339("2026-12-03t10:00:05z")).toMatchObject({ fraction: "", offsetMinutes: 0 });
    expect(parseRfc3339("2026-01-01T00:30:00-05:00")!.utcSeconds.toISOString()).toBe("2026-01-01T05:30:00.000Z");
  });

  it("refuses other forms and out-of-range fields instead of rolling them over", () => {
    for (const bad of ["2026-02-30T00:00:00Z", "2026-12-03T24:00:00Z", "2026-12-03 10:00:00Z", "2026-12-03T10:00:00", "2026-12-03T10:00:00.Z", "tomorrow"]) {
      expect(parseRfc3339(bad), bad).toBeNull();
    }
  });
});
