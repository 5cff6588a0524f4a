// The shape of one noun of the `mailroom` command (`mailroom queue ...`, `mailroom dkim ...`): its usage lines,
// the flags it takes, and what it does. Every command answers with text for people and the same facts as JSON
// for scripts (`--json`).
import type { ParseArgsConfig } from "node:util";
import type { Config } from "../server/config/env";
import type { Db } from "../server/db/client";
import { AppError } from "../server/errors";

export type Flags = Record<string, string | boolean | (string | boolean)[] | undefined>;
export type Output = { text: string; json: unknown };
export type CommandContext = { db: Db; config: Config; sub: string; args: string[]; flags: Flags };
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

// Flags and arguments are text; schemas want numbers and booleans. Text that is not one is passed on as it is,
// so the schema's own message says what is wrong.
export function asNumber(value: string | undefined): number | string | undefined {
  return value !== undefined && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

const BOOLEANS: Record<string, boolean> = { true: true, yes: true, on: true, false: false, no: false, off: false };

export function asBoolean(value: string | undefined, what: string): boolean | undefined {
  if (value === undefined) return undefined;
  const b = BOOLEANS[value.toLowerCase()];
  if (b === undefined) throw usageError(`${what}: true or false (or yes/no, on/off), not ${JSON.stringify(value)}`);
  return b;
}

// Rows as lines of tab-separated fields, or the message for none.
export function lines<T>(rows: T[], fields: (row: T) => unknown[], none: string): string {
  return rows.map((r) => fields(r).map((f) => (f instanceof Date ? f.toISOString() : String(f ?? ""))).join("\t")).join("\n") || none;
}
