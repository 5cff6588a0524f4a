// Runs a long-lived process: acquire the database and Redis, start the parts, and on SIGINT/SIGTERM stop them in
// reverse order. A startup problem ends the process with one line and a non-zero exit (see cli/main.ts).
import { loadConfig, type Config } from "../server/config/env";
import { createLogger, type Logger } from "../server/log/logger";
import { acquireResources, type Resources } from "../server/resources/acquire";

export type Closer = () => Promise<void>;
export type Part = (ctx: { config: Config; logger: Logger; resources: Resources }) => Promise<Closer | Closer[]>;

export async function runService(name: string, parts: Part[]): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(name, config.logLevel);
  const resources = await acquireResources(config, logger);
  const closers: Closer[] = [resources.release];
  try {
    for (const part of parts) closers.push(...[await part({ config, logger, resources })].flat());
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
  logger.info({ hostname: config.hostname }, `${name} started`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    closeAll(closers).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

async function closeAll(closers: Closer[]): Promise<void> {
  for (const close of [...closers].reverse()) await close().catch(() => undefined);
}
