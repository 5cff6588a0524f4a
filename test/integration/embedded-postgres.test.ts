// Who stops the embedded PostgreSQL: the process that started it, even when a signal to the whole process group
// stopped the server first; never a process that only uses it while its owner lives.
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config/env";
import { startEmbeddedPostgres } from "../../server/db/embedded";
import { withPgClient } from "../../server/db/pg-client";
import { freePort } from "../helpers/net";
import { quietLogger } from "../helpers/env";
import { until } from "../helpers/wait";

let dataDir = "";
afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("embedded PostgreSQL", () => {
  it("is stopped by its starter only, also when a group signal stopped it already", { timeout: 120_000 }, async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-embedded-"));
    // The embedded PostgreSQL runs as its own user when we are root, and must be able to enter the directory.
    await chmod(dataDir, 0o755);
    const config = loadConfig({ MAILROOM_DATA_DIR: dataDir, MAILROOM_EMBEDDED_PG_PORT: String(await freePort()) });
    const pidFile = path.join(dataDir, "postgres", "postmaster.pid");

    const owner = await startEmbeddedPostgres(config, quietLogger(), { adoptOrphan: true });
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);

    // Another long-running process finds it owned, and a command only uses it: neither stops it.
    for (const adoptOrphan of [true, false]) {
      const user = await startEmbeddedPostgres(config, quietLogger(), { adoptOrphan });
      await user.stop();
      expect(alive(pid)).toBe(true);
      expect(await withPgClient(owner.url, async (c) => (await c.query("SELECT 1 AS one")).rows)).toEqual([{ one: 1 }]);
    }

    // Ctrl-C reaches PostgreSQL as well: it shuts down on its own before the starter's stop.
    process.kill(pid, "SIGINT");
    await until(async () => !alive(pid), 30_000, "PostgreSQL gone");
    const stop = owner.stop();
    const result = await Promise.race([stop.then(() => "stopped"), new Promise((r) => setTimeout(() => r("still waiting"), 5000))]);
    expect(result).toBe("stopped");
    expect(existsSync(pidFile)).toBe(false);
  });
});
