// Process lifecycle of localserve on its embedded PostgreSQL: who stops the server after a kill -9, how fast and
// how cleanly a signal stops everything, and ops commands that exit as soon as they are done.
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { redisPrefix, redisUrl } from "../helpers/env";
import { freePort } from "../helpers/net";
import { baseEnv, EXIT_AFTER_OUTPUT_MS, groupAlive, runMailroom, signalGroup, startLocalserve, type Running } from "../helpers/process";

const STOP_MS = 5000;

let dataDir = "";
let pgPort = 0;
const started: Running[] = [];
afterAll(async () => {
  for (const r of started) await r.stop("SIGKILL");
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, "SIGINT");
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

function postmasterPid(): number | undefined {
  const file = path.join(dataDir, "postgres", "postmaster.pid");
  return existsSync(file) ? Number(readFileSync(file, "utf8").split("\n")[0]) : undefined;
}

async function setUp(): Promise<void> {
  if (dataDir) return;
  dataDir = await mkdtemp(path.join(os.tmpdir(), "mailroom-lifecycle-"));
  // The embedded PostgreSQL runs as its own user when we are root, and must be able to enter the directory.
  await chmod(dataDir, 0o755);
  pgPort = await freePort();
}

async function localserve(ownProcessGroup = false) {
  await setUp();
  const s = await startLocalserve({
    redisUrl: redisUrl(),
    redisPrefix: `${redisPrefix()}-lifecycle`,
    dataDir,
    extra: { MAILROOM_EMBEDDED_PG_PORT: String(pgPort) },
    ownProcessGroup,
  });
  started.push(s.running);
  return s;
}

// The ops commands' environment: the same data directory and embedded PostgreSQL, nothing else.
const commandEnv = () => baseEnv({ MAILROOM_DATA_DIR: dataDir, MAILROOM_EMBEDDED_PG_PORT: String(pgPort) });

async function health(webPort: number): Promise<{ code: number; status: string }> {
  const res = await fetch(`http://127.0.0.1:${webPort}/healthz`);
  return { code: res.status, status: ((await res.json()) as { status: string }).status };
}

// Stops it with signal (to the process, or to its whole group) and returns how it went.
async function stopped(running: Running, signal: NodeJS.Signals, toGroup: boolean) {
  const began = performance.now();
  if (toGroup) signalGroup(running, signal);
  else running.child.kill(signal);
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), STOP_MS).unref());
  const code = await Promise.race([running.exited, timeout]);
  return { code, ms: performance.now() - began };
}

function problemsIn(running: Running): string[] {
  const errors = running.logs().filter((l) => Number(l.level) >= 50).map((l) => JSON.stringify(l));
  const crashes = `${running.stdout()}\n${running.stderr()}`.split("\n").filter((l) => /uncaught|unhandled|already been released/i.test(l));
  return [...errors, ...crashes, ...(running.stderr() ? [running.stderr()] : [])];
}

describe("localserve lifecycle", () => {
  it("after kill -9, the restarted localserve adopts the embedded PostgreSQL; ops commands use it and leave it running", { timeout: 180_000 }, async () => {
    const first = await localserve();
    await first.running.stop("SIGKILL");
    const orphan = postmasterPid()!;
    expect(alive(orphan)).toBe(true);

    // An ops command while nobody owns the server uses it and does not stop it.
    const early = await runMailroom(["domain", "add", "early.example"], commandEnv());
    expect(early).toMatchObject({ code: 0, stdout: "created domain early.example\n" });
    expect(alive(orphan)).toBe(true);

    const second = await localserve();
    expect(second.running.logs().find((l) => l.msg === "using the embedded PostgreSQL that is already running")).toMatchObject({ adopted: true });

    // Two ops commands meanwhile: each finishes at once, and the server stays up for localserve.
    const added = await runMailroom(["domain", "add", "later.example"], commandEnv());
    expect(added).toMatchObject({ code: 0, stdout: "created domain later.example\n" });
    const listed = await runMailroom(["webhook", "list"], commandEnv());
    expect(listed).toMatchObject({ code: 0, stdout: "no webhooks queued\n", stderr: "" });
    expect(added.lingerMs).toBeLessThan(EXIT_AFTER_OUTPUT_MS);
    expect(listed.lingerMs).toBeLessThan(EXIT_AFTER_OUTPUT_MS);
    expect(alive(orphan)).toBe(true);
    expect(await health(second.webPort)).toEqual({ code: 200, status: "ok" });

    // The adopter stops what it adopted.
    expect(await stopped(second.running, "SIGTERM", false)).toMatchObject({ code: 0 });
    expect(alive(orphan)).toBe(false);
    expect(problemsIn(second.running)).toEqual([]);
  });

  it("stops within seconds with exit 0 and nothing logged as an error, on SIGINT to its process group", async () => {
    const { running } = await localserve(true);
    const result = await stopped(running, "SIGINT", true);
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(STOP_MS);
    expect(groupAlive(running)).toBe(false);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    expect(problemsIn(running)).toEqual([]);
  });

  it("stops within seconds with exit 0 and nothing logged as an error, on SIGTERM to the process", async () => {
    const { running } = await localserve(true);
    const pid = postmasterPid()!;
    const result = await stopped(running, "SIGTERM", false);
    expect(result.code).toBe(0);
    expect(result.ms).toBeLessThan(STOP_MS);
    expect(alive(pid)).toBe(false);
    expect(groupAlive(running)).toBe(false);
    expect(problemsIn(running)).toEqual([]);
  });

  it("runs an ops command with localserve stopped on a server of its own, which it stops again", async () => {
    await setUp();
    expect(postmasterPid()).toBeUndefined();
    const listed = await runMailroom(["webhook", "list"], commandEnv());
    expect(listed).toMatchObject({ code: 0, stdout: "no webhooks queued\n", stderr: "" });
    expect(listed.lingerMs).toBeLessThan(EXIT_AFTER_OUTPUT_MS);
    expect(postmasterPid()).toBeUndefined();
  });
});
