// The `mailroom` command: the processes (localserve, web, smtp, worker) and the ops commands.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { z } from "zod";
import { loadConfig, type Config } from "../server/config/env";
import type { Db } from "../server/db/client";
import { AppError, StartupError } from "../server/errors";
import { createCommandLogger, createLogger } from "../server/log/logger";
import { acquireResources } from "../server/resources/acquire";
import { buildWeb } from "../server/web/build";
import type { FlagOptions } from "./command";
import { PROCESS_NAMES } from "./service";
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
  const processName = PROCESS_NAMES.find((n) => n === command);
  if (processName) return (await import("./processes")).PROCESSES[processName]();
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
