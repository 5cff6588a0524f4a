// Real-world bounces, auto-replies and reports (test/fixtures/bounces/README.md). Every one must classify without
// an exception; those in expected.json must classify as determined by reading them.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { classifyIncoming } from "../../server/dsn/incoming-classify";
import { parseStructure } from "../../server/message/structure";

const dir = fileURLToPath(new URL("../fixtures/bounces/", import.meta.url));
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".eml"))
  .sort();

type Expected = { event: string; dsn: boolean; code: number; secode: string; note: string };
const expected = JSON.parse(readFileSync(`${dir}expected.json`, "utf8")) as Record<string, Expected>;

const EVENTS = ["failed", "delayed", "delivered", "relayed", "expanded", "unrecognized"];

function classifyFile(name: string) {
  const raw = readFileSync(`${dir}${name}`);
  return classifyIncoming(raw, parseStructure(raw));
}

describe("bounce corpus", () => {
  it("holds enough messages, and expectations for enough of them", () => {
    expect(files.length).toBeGreaterThanOrEqual(50);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(expected).filter((name) => !files.includes(name))).toEqual([]);
  });

  it.each(files)("%s classifies to a well-formed result", (name) => {
    const c = classifyFile(name);
    expect(EVENTS).toContain(c.event);
    expect(typeof c.dsn).toBe("boolean");
    expect(typeof c.success).toBe("boolean");
    expect(Number.isInteger(c.code) && c.code >= 0 && c.code <= 999).toBe(true);
    expect(typeof c.secode).toBe("string");
    expect(c.success).toBe(["delivered", "relayed", "expanded"].includes(c.event));
    if (!c.dsn) expect(c).toMatchObject({ event: "unrecognized", code: 0, secode: "", error: "incoming message not a dsn" });
    if (c.event === "unrecognized" && c.dsn) expect(c.error).toMatch(/^(parsing incoming dsn: .+|incoming dsn has \d+ recipients, expecting 1)$/);
    if (c.event !== "unrecognized") expect(c.error).toBe("incoming message");
  });

  it.each(Object.entries(expected))("%s classifies as read by hand", (name, e) => {
    const c = classifyFile(name);
    expect({ event: c.event, dsn: c.dsn, code: c.code, secode: c.secode }).toEqual({ event: e.event, dsn: e.dsn, code: e.code, secode: e.secode });
  });
});
