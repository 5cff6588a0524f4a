// The `mailroom` command: the processes (localserve, web, smtp, worker) and the ops commands.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { z } from "zod";
import { startWorkers } from "../workers/index";
import { CLI_ACTOR } from "../server/audit/audit-log";
import { changeAdminPassword } from "../server/auth/admin";
import { loadConfig } from "../server/config/env";
import type { Db } from "../server/db/client";
import { AppError, StartupError } from "../server/errors";
import { createCommandLogger, createLogger } from "../server/log/logger";
import { provisionLocalserve } from "../server/provision/localserve";
import { acquireResources } from "../server/resources/acquire";
import { startSmtpListeners } from "../server/smtp/listeners";
import { accountAdd, setPassword } from "../server/provision/account-admin";
import { domainAdd } from "../server/store/domain-admin";
import { buildWeb, ensureWebBuild } from "../server/web/build";
import { startWebServer } from "../server/web/server";
import { openDeliveryScheduler } from "../server/queue/scheduler";
import { Authenticator } from "../server/auth/authenticate";
import { openIncomingScheduler } from "../server/incoming/scheduler";
import { staticResolver, systemResolver } from "../server/net/resolver";
import { systemClock } from "../server/runtime/clock";
import { cachedAddressOwners } from "../server/store/address-owner";
import { runService, type Part } from "./service";
import { WEBHOOK_USAGE, webhookCommand } from "./webhook";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const USAGE = `usage: mailroom <command>

processes:
  localserve                       everything in one process, with built-in defaults (npm start)
  web | smtp | worker              one production process each
ops:
  migrate                          apply pending database migrations
  build                            build the web app
  domain add <name> [--separator +]
  account add <name> <address> [--full-name N] [--password P]
  password set <account> [--password P]      (or the password on standard input)
  admin password [--password P]              (or the password on standard input)
${WEBHOOK_USAGE}`;

const webPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources }) => {
    await ensureWebBuild(root, logger);
    const delivery = openDeliveryScheduler(resources.redisUrl, config.redisPrefix);
    const closers = await startWebServer(config, root, resources.db, logger, delivery.scheduler, localserve);
    return [delivery.close, ...closers];
  };
const smtpPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources }) => {
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
      findAddressOwner: cachedAddressOwners(resources.db),
      kickDelivery: (kicks) => delivery.scheduler.kick(kicks),
      incoming: incoming.scheduler,
    });
    return [delivery.close, incoming.close, ...bound.map((b) => b.close)];
  };
const workerPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources }) =>
    startWorkers({
      db: resources.db,
      redisUrl: resources.redisUrl,
      redisPrefix: config.redisPrefix,
      logger,
      hostname: config.hostname,
      delivery: config.delivery,
      webhook: config.webhook,
      localserve,
    });
const provision: Part = async ({ logger, resources }) => {
  await provisionLocalserve(resources.db, logger);
  return [];
};

const TWO_WORD_COMMANDS = new Set(["domain", "account", "password", "admin"]);

const password = z.string().min(8, "passwords have at least 8 characters").max(1024);

async function readPassword(flag: string | undefined): Promise<string> {
  if (flag !== undefined) return password.parse(flag);
  if (process.stdin.isTTY) throw new AppError("usage", "give the password with --password, or on standard input");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return password.parse(Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, ""));
}

async function withDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const resources = await acquireResources(config, createCommandLogger(), "command");
  try {
    return await fn(resources.db);
  } finally {
    await resources.release();
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      separator: { type: "string", multiple: true },
      "full-name": { type: "string" },
      password: { type: "string" },
      url: { type: "string" },
      authorization: { type: "string" },
      event: { type: "string", multiple: true },
      id: { type: "string", multiple: true },
      account: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  if (command === "webhook") {
    console.log(await withDatabase((db) => webhookCommand(db, sub ?? "", rest, values)));
    return;
  }
  // Ops commands are two words ("domain add"); processes are one.
  const words = TWO_WORD_COMMANDS.has(command) ? [command, sub].filter(Boolean).join(" ") : command;
  switch (words) {
    case "localserve":
      return runService("localserve", [provision, webPart(true), smtpPart(true), workerPart(true)]);
    case "web":
      return runService("web", [webPart(false)]);
    case "smtp":
      return runService("smtp", [smtpPart(false)]);
    case "worker":
      return runService("worker", [workerPart(false)]);
    case "migrate":
      await withDatabase(async () => undefined);
      console.log("database is up to date");
      return;
    case "build":
      await buildWeb(root, createLogger("build", "info"));
      return;
    case "domain add": {
      const [name] = rest;
      if (!name) throw new AppError("usage", "domain add needs a name");
      const domain = await withDatabase((db) => domainAdd(db, CLI_ACTOR, { name, catchallSeparators: values.separator ?? [] }));
      console.log(`created domain ${domain.unicodeName}`);
      return;
    }
    case "account add": {
      const [name, address] = rest;
      if (!name || !address) throw new AppError("usage", "account add needs a name and an address");
      const pw = values.password === undefined ? undefined : password.parse(values.password);
      await withDatabase((db) => accountAdd(db, CLI_ACTOR, { name, address, fullName: values["full-name"], password: pw }));
      console.log(`created account ${name} with address ${address}${pw ? "" : " (no password yet: mailroom password set)"}`);
      return;
    }
    case "password set": {
      const [name] = rest;
      if (!name) throw new AppError("usage", "password set needs an account name");
      const pw = await readPassword(values.password);
      await withDatabase((db) => setPassword(db, CLI_ACTOR, { name, password: pw }));
      console.log(`password set for account ${name}`);
      return;
    }
    case "admin password": {
      const pw = await readPassword(values.password);
      await withDatabase((db) => changeAdminPassword(db, CLI_ACTOR, pw));
      console.log("admin password set");
      return;
    }
    default:
      throw new AppError("usage", `unknown command ${JSON.stringify(words)}`);
  }
}

function fail(err: unknown): never {
  if (err instanceof StartupError) {
    process.stderr.write(`mailroom: ${err.line()}\n`);
    process.exit(1);
  }
  if (err instanceof AppError) {
    process.stderr.write(`mailroom: ${err.message}\n${err.code === "usage" ? USAGE : ""}`);
    process.exit(err.code === "usage" ? 2 : 1);
  }
  if (err instanceof z.ZodError) {
    process.stderr.write(`mailroom: ${err.issues.map((i) => i.message).join("; ")}\n`);
    process.exit(2);
  }
  const database = databaseFailure(err);
  if (database) {
    process.stderr.write(`mailroom: database error: ${database}\n`);
    process.exit(1);
  }
  if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`mailroom: ${err.message}\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`mailroom: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

// The database failing mid-command (it stopped, or cut the connection) is a problem to report in one line like
// any other, not a crash with a stack trace. Prisma's messages end with the cause.
function databaseFailure(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const fromDatabase = err instanceof pg.DatabaseError || err.name === "DriverAdapterError" || err.name.startsWith("PrismaClient") || err.message.startsWith("Connection terminated");
  return fromDatabase ? err.message.trim().split("\n").at(-1)!.trim() : undefined;
}

main(process.argv.slice(2)).catch(fail);
