// The shape of one noun of the `mailroom` command (`mailroom queue ...`, `mailroom dkim ...`): its usage lines,
// the flags it takes, and what it does. Every command answers with text for people and the same facts as JSON
// for scripts (`--json`).
import type { ParseArgsConfig } from "node:util";
import type { Db } from "../server/db/client";
import { AppError } from "../server/errors";

export type Flags = Record<string, string | boolean | (string | boolean)[] | undefined>;
export type Output = { text: string; json: unknown };
export type CommandContext = { db: Db; sub: string; args: string[]; flags: Flags };
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

export type Noun = {
  name: string;
  // Lines for the usage text, each starting with two spaces and the noun.
  usage: string;
  options?: FlagOptions;
  run: (ctx: CommandContext) => Promise<Output>;
};

export const usageError = (message: string) => new AppError("usage", message);

// The n-th positional argument, or a usage error naming what it is.
export function arg(args: string[], index: number, what: string): string {
  const value = args[index];
  if (value === undefined || value === "") throw usageError(`give the ${what}`);
  return value;
}

export const stringFlag = (flags: Flags, name: string): string | undefined => {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
};

export const stringsFlag = (flags: Flags, name: string): string[] | undefined => {
  const v = flags[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
};
