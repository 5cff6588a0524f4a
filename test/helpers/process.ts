// Runs the real `mailroom` command as a child process and watches its structured log.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { freePort } from "./net";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type Running = {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  lastOutput: () => number; // performance.now() of the last stdout or stderr data
  logs: () => Record<string, unknown>[];
  waitForLog: (match: (entry: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

// The test runner's own DATABASE_URL/REDIS_URL never leak into a child: each test says what it wants.
export function baseEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "info", NODE_ENV: "production" };
  for (const k of Object.keys(env)) if (k.startsWith("MAILROOM_") || k === "DATABASE_URL" || k === "REDIS_URL") delete env[k];
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

// ownProcessGroup: the child leads a process group of its own, which signalGroup reaches as a terminal's Ctrl-C
// reaches a foreground job (the embedded PostgreSQL it starts included). root: another copy of the tree to run.
export type StartOptions = { ownProcessGroup?: boolean; root?: string };

export function startMailroom(args: string[], env: NodeJS.ProcessEnv, input?: string, options: StartOptions = {}): Running {
  const cwd = options.root ?? root;
  const child = spawn(process.execPath, [path.join(cwd, "bin/mailroom.mjs"), ...args], { cwd, env, stdio: ["pipe", "pipe", "pipe"], detached: options.ownProcessGroup });
  let out = "";
  let err = "";
  let lastOutput = performance.now();
  const waiters: (() => void)[] = [];
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    lastOutput = performance.now();
    waiters.forEach((w) => w());
  });
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    lastOutput = performance.now();
  });
  child.stdin!.end(input ?? "");
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs = () =>
    out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    lastOutput: () => lastOutput,
    logs,
    exited,
    waitForLog: (match, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = logs().find(match);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => reject(new Error(`log line not seen within ${timeoutMs} ms; stderr: ${err}\nstdout: ${out.slice(-3000)}`)), timeoutMs);
        waiters.push(check);
        exited.then(() => {
          check();
          reject(new Error(`process exited before the log line; stderr: ${err}\nstdout: ${out.slice(-3000)}`));
        });
        check();
      }),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

// A command that has printed its result exits within this; one lingering on an idle database connection took
// over 10 s. Measured from the last output, so a slow start on a busy machine does not count.
export const EXIT_AFTER_OUTPUT_MS = 3000;

// ms: how long the command took, start to exit; lingerMs: how long it ran on after its last output.
export async function runMailroom(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const started = performance.now();
  const run = startMailroom(args, env, input);
  const code = await run.exited;
  const ended = performance.now();
  return { code, stdout: run.stdout(), stderr: run.stderr(), ms: ended - started, lingerMs: ended - run.lastOutput() };
}

// A signal to every process of the group a child started with ownProcessGroup leads.
export function signalGroup(running: Running, signal: NodeJS.Signals): void {
  process.kill(-running.child.pid!, signal);
}

// Whether any process of that group is still alive.
export function groupAlive(running: Running): boolean {
  try {
    process.kill(-running.child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

// databaseUrl undefined: the embedded PostgreSQL of dataDir.
type LocalserveOptions = {
  databaseUrl?: string;
  redisUrl: string;
  redisPrefix: string;
  dataDir: string;
  extra?: Record<string, string>;
} & StartOptions;

// Five distinct free loopback ports for web, SMTP, submission, submissions and metrics.
async function localservePorts(): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < 5) ports.add(await freePort());
  return [...ports];
}

function localserveEnv(o: LocalserveOptions, [web, smtp, submission, submissions, metrics]: number[]): NodeJS.ProcessEnv {
  return baseEnv({
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    MAILROOM_REDIS_PREFIX: o.redisPrefix,
    MAILROOM_LISTEN: "127.0.0.1",
    MAILROOM_WEB_PORT: String(web),
    MAILROOM_SMTP_PORT: String(smtp),
    MAILROOM_SUBMISSION_PORT: String(submission),
    MAILROOM_SUBMISSIONS_PORT: String(submissions),
    MAILROOM_METRICS_PORT: String(metrics),
    MAILROOM_DATA_DIR: o.dataDir,
    ...o.extra,
  });
}

// A started localserve on free loopback ports. A port that another test took between finding it free and
// binding it makes the start fail; it is then tried again on other ports.
export async function startLocalserve(o: LocalserveOptions): Promise<{ running: Running; env: NodeJS.ProcessEnv; webPort: number }> {
  for (let attempt = 1; ; attempt++) {
    const ports = await localservePorts();
    const env = localserveEnv(o, ports);
    const running = startMailroom(["localserve"], env, undefined, o);
    try {
      await running.waitForLog((l) => l.msg === "localserve started", 300_000);
      return { running, env, webPort: ports[0]! };
    } catch (err) {
      await running.stop();
      if (attempt >= 3 || !/already in use/.test(String(err))) throw err;
    }
  }
}
