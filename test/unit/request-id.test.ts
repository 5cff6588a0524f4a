import { describe, expect, it } from "vitest";
import { requestId } from "../../server/web/request-id";

describe("requestId", () => {
  it("keeps a sane incoming id", () => {
    expect(requestId("abc-123_x.y")).toBe("abc-123_x.y");
  });
  it("replaces missing, long or hostile ids with a fresh random one", () => {
    const fresh = [requestId(undefined), requestId("x".repeat(65)), requestId("a\nb"), requestId("<script>")];
    for (const id of fresh) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(new Set(fresh).size).toBe(fresh.length);
  });
});
