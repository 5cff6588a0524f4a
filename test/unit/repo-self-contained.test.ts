// A clone is all a reader has: the README, docs and comments point only at files inside the repository.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && existsSync(path.join(root, f)) && !f.endsWith("package-lock.json") && !f.startsWith("test/fixtures/"));

describe("the repository stands on its own", () => {
  it("no file refers to the team's folder outside the clone or to the product's old name", () => {
    const offenders = tracked.filter((f) => {
      if (f === "test/unit/repo-self-contained.test.ts") return false;
      const text = readFileSync(path.join(root, f), "utf8");
      return /\.\.\/shared\/|moxlike/i.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it("every relative link in the README names a file of the repository", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l));
    const missing = links.filter((l) => !existsSync(path.join(root, l)));
    expect(missing).toEqual([]);
  });
});
