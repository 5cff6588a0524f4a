// Runs a long-lived process: acquire the database and Redis, start the parts, and on SIGINT/SIGTERM stop them in
// reverse order. A startup problem ends the process with one line and a non-zero exit (see cli/main.ts).
import { loadConfig, type Config } from "../server/config/env";
import { errorText } from "../server/errors";
import { createLogger, type Logger } from "../server/log/logger";
import { createMetrics, type Metrics } from "../server/metrics/metrics";
import { acquireResources, type Resources } from "../server/resources/acquire";

export const PROCESS_NAMES = ["localserve", "web", "smtp", "worker"] as const;
export type ProcessName = (typeof PROCESS_NAMES)[number];

export type Closer = () => Promise<void>;
// metrics: the process's one registry; each part counts into it, and the metrics part serves it.
export type Part = (ctx: { config: Config; logger: Logger; resources: Resources; metrics: Metrics }) => Promise<Closer | Closer[]>;

// A part that never finishes closing (a connection waiting for a server that is gone) must not keep a stopped
// process running; a second signal does not wait either.
const STOP_DEADLINE_MS = 10_000;

export async function runService(name: string, parts: Part[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(name, config.logLevel);
  const resources = await acquireResources(config, logger, "process");
  const closers: Closer[] = [resources.release];
  const metrics = createMetrics({ processMetrics: true });
  try {
    for (const part of parts) closers.push(...[await part({ config, logger, resources, metrics })].flat());
  } catch (err) {
    await closeAll(closers, logger);
    throw err;
  }
  logger.info({ hostname: config.hostname }, `${name} started`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return exitNow(logger, `${name} stopped at once`, { signal });
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    setTimeout(() => exitNow(logger, `${name} did not stop in time`, { deadlineMs: STOP_DEADLINE_MS }), STOP_DEADLINE_MS).unref();
    void closeAll(closers, logger).then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

function exitNow(logger: Logger, msg: string, fields: Record<string, unknown>): never {
  logger.warn(fields, msg);
  process.exit(1);
}

async function closeAll(closers: Closer[], logger: Logger): Promise<void> {
  for (const close of [...closers].reverse()) await close().catch((err: unknown) => logger.warn({ err: errorText(err) }, "closing failed"));
}
