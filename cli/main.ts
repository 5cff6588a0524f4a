// The `mailroom` command: the processes (localserve, web, smtp, worker) and the ops commands.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { z } from "zod";
import { startWorkers } from "../workers/index";
import { loadConfig, type Config } from "../server/config/env";
import type { Db } from "../server/db/client";
import { AppError, StartupError } from "../server/errors";
import { createCommandLogger, createLogger } from "../server/log/logger";
import { provisionLocalserve } from "../server/provision/localserve";
import { acquireResources } from "../server/resources/acquire";
import { startSmtpListeners } from "../server/smtp/listeners";
import { buildWeb, ensureWebBuild } from "../server/web/build";
import { startWebServer } from "../server/web/server";
import { openDeliveryScheduler } from "../server/queue/scheduler";
import { queueSnapshot } from "../server/queue/overview";
import { metricsPort, startMetricsEndpoint } from "../server/metrics/endpoint";
import { registerQueueGauges } from "../server/metrics/queue-gauges";
import { Authenticator } from "../server/auth/authenticate";
import { openIncomingScheduler } from "../server/incoming/scheduler";
import { staticResolver, systemResolver } from "../server/net/resolver";
import { systemClock } from "../server/runtime/clock";
import { cachedAddressOwners } from "../server/store/address-owner";
import { runService, type Part } from "./service";
import type { FlagOptions } from "./command";
import { NOUNS } from "./nouns";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const usage = () => `usage: mailroom <command> [--json] [--help]

processes:
  localserve                       everything in one process, with built-in defaults (npm start)
  web | smtp | worker              one production process each
ops:
  migrate                          apply pending database migrations
  build                            build the web app
${NOUNS.map((n) => n.usage).join("")}
exit codes: 0 done, 1 failed, 2 bad arguments (mailroom <noun> --help shows one noun's commands)
`;

const webPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources, metrics }) => {
    await ensureWebBuild(root, logger);
    const delivery = openDeliveryScheduler(resources.redisUrl, config.redisPrefix);
    const closers = await startWebServer(config, root, resources.db, logger, metrics, delivery.scheduler, localserve);
    return [delivery.close, ...closers];
  };
const smtpPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources, metrics }) => {
    const delivery = openDeliveryScheduler(resources.redisUrl, config.redisPrefix);
    const incoming = openIncomingScheduler(resources.redisUrl, config.redisPrefix);
    const bound = await startSmtpListeners(config, {
      db: resources.db,
      logger: logger.child({ component: "smtp" }),
      clock: systemClock,
      hostname: config.hostname,
      maxMessageSize: config.maxMessageSize,
      // Localserve is for working offline: sender checks find no DNS records rather than asking the internet.
      resolver: localserve ? staticResolver({}) : systemResolver,
      localserve,
      authenticator: new Authenticator(resources.db),
      metrics,
      findAddressOwner: cachedAddressOwners(resources.db),
      kickDelivery: (kicks) => delivery.scheduler.kick(kicks),
      incoming: incoming.scheduler,
    });
    return [delivery.close, incoming.close, ...bound.map((b) => b.close)];
  };
const workerPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources, metrics }) => {
    registerQueueGauges(metrics, () => queueSnapshot(resources.db), systemClock);
    return startWorkers({
      db: resources.db,
      redisUrl: resources.redisUrl,
      redisPrefix: config.redisPrefix,
      logger,
      metrics,
      hostname: config.hostname,
      delivery: config.delivery,
      webhook: config.webhook,
      localserve,
    });
  };
// Last, so the endpoint answers only once the process is up, and stops first.
const metricsPart =
  (localserve: boolean): Part =>
  async ({ config, logger, metrics }) => {
    const port = metricsPort(config.ports.metrics, localserve);
    if (port === undefined) return [];
    const bound = await startMetricsEndpoint(config.listen, port, metrics, logger);
    return bound.map((b) => b.close);
  };
const provision: Part = async ({ logger, resources }) => {
  await provisionLocalserve(resources.db, logger);
  return [];
};

const PROCESSES: Record<string, () => Promise<void>> = {
  localserve: () => runService("localserve", [provision, webPart(true), smtpPart(true), workerPart(true), metricsPart(true)]),
  web: () => runService("web", [webPart(false), metricsPart(false)]),
  smtp: () => runService("smtp", [smtpPart(false), metricsPart(false)]),
  worker: () => runService("worker", [workerPart(false), metricsPart(false)]),
};

const COMMON_OPTIONS: FlagOptions = { help: { type: "boolean", short: "h" }, json: { type: "boolean" } };

// One parse for every noun's flags: a flag two nouns share must mean the same kind of value.
function allOptions(): FlagOptions {
  const merged: FlagOptions = { ...COMMON_OPTIONS };
  for (const noun of NOUNS) {
    for (const [name, option] of Object.entries(noun.options ?? {})) {
      const known = merged[name];
      if (known && (known.type !== option.type || known.multiple !== option.multiple)) throw new Error(`flag --${name} of ${noun.name} differs from another noun's`);
      merged[name] = option;
    }
  }
  return merged;
}

async function withDatabase<T>(fn: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const resources = await acquireResources(config, createCommandLogger(), "command");
  try {
    return await fn(resources.db, config);
  } finally {
    await resources.release();
  }
}

// bigint ids print as numbers while they fit, as the webapi writes them.
const jsonValue = (_key: string, v: unknown) => (typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v);

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: allOptions() });
  const [command, sub, ...rest] = positionals;
  const noun = NOUNS.find((n) => n.name === command);
  if (values.help || !command) {
    process.stdout.write(noun ? `usage: mailroom ${noun.name} ...\n${noun.usage}` : usage());
    return;
  }
  if (noun) {
    const output = await withDatabase((db, config) => noun.run({ db, config, sub: sub ?? "", args: rest, flags: values }));
    console.log(values.json ? JSON.stringify(output.json, jsonValue, 2) : output.text);
    return;
  }
  const process_ = PROCESSES[command];
  if (process_) return process_();
  switch (command) {
    case "migrate":
      await withDatabase(async () => undefined);
      console.log("database is up to date");
      return;
    case "build":
      await buildWeb(root, createLogger("build", "info"));
      return;
    default:
      throw new AppError("usage", `unknown command ${JSON.stringify(command)}`);
  }
}

function fail(err: unknown): never {
  if (err instanceof StartupError) {
    process.stderr.write(`mailroom: ${err.line()}\n`);
    process.exit(1);
  }
  if (err instanceof AppError) {
    process.stderr.write(`mailroom: ${err.message}${err.code === "usage" ? " (mailroom --help lists the commands)" : ""}\n`);
    process.exit(err.code === "usage" ? 2 : 1);
  }
  if (err instanceof z.ZodError) {
    process.stderr.write(`mailroom: ${err.issues.map(issueText).join("; ")}\n`);
    process.exit(2);
  }
  const database = databaseFailure(err);
  if (database) {
    process.stderr.write(`mailroom: database error: ${database}\n`);
    process.exit(1);
  }
  if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`mailroom: ${err.message.split(". ")[0]} (mailroom --help lists the commands)\n`);
    process.exit(2);
  }
  process.stderr.write(`mailroom: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

// An issue names the field it is about as its flag would: maxOutgoingMessagesPerDay as max-outgoing-messages-per-day.
function issueText(issue: z.core.$ZodIssue): string {
  const field = issue.path.findLast((p) => typeof p === "string");
  return field ? `${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}` : issue.message;
}

// The database failing mid-command (it stopped, or cut the connection) is a problem to report in one line like
// any other, not a crash with a stack trace. Prisma's messages end with the cause.
function databaseFailure(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const fromDatabase = err instanceof pg.DatabaseError || err.name === "DriverAdapterError" || err.name.startsWith("PrismaClient") || err.message.startsWith("Connection terminated");
  return fromDatabase ? err.message.trim().split("\n").at(-1)!.trim() : undefined;
}

main(process.argv.slice(2)).catch(fail);
