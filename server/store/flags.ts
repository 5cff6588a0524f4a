// Message flags as IMAP knows them: system flags (stored as boolean columns) and keywords (any other atom).
import { AppError } from "../errors";

// In the order the webapi lists them (spec 1.6 MessageGet).
export const SYSTEM_FLAGS = {
  $forwarded: "forwarded",
  $junk: "junk",
  $mdnsent: "mdnsent",
  $notjunk: "notjunk",
  $phishing: "phishing",
  "\\answered": "answered",
  "\\deleted": "deleted",
  "\\draft": "draft",
  "\\flagged": "flagged",
  "\\seen": "seen",
} as const;

export type FlagColumn = (typeof SYSTEM_FLAGS)[keyof typeof SYSTEM_FLAGS];
export type FlagColumns = Record<FlagColumn, boolean>;
export const FLAG_COLUMNS: FlagColumn[] = Object.values(SYSTEM_FLAGS);
export type ParsedFlags = { system: FlagColumn[]; keywords: string[] };

// IMAP atom characters, without the wildcards, "]" and "\" that keywords may not hold.
// eslint-disable-next-line no-control-regex
const ATOM = /^[^\x00-\x20\x7f-\uffff(){%*"\\\]]+$/;

export function parseFlags(flags: string[]): ParsedFlags {
  const parsed: ParsedFlags = { system: [], keywords: [] };
  for (const flag of flags) {
    const lower = flag.toLowerCase();
    const column = (SYSTEM_FLAGS as Record<string, FlagColumn>)[lower];
    if (column) parsed.system.push(column);
    else if (ATOM.test(lower)) parsed.keywords.push(lower);
    else throw new AppError("user", `invalid flag or keyword ${JSON.stringify(flag)}`);
  }
  return parsed;
}

export function formatFlags(row: FlagColumns & { keywords: string[] }): string[] {
  const system = Object.entries(SYSTEM_FLAGS)
    .filter(([, column]) => row[column])
    .map(([flag]) => flag);
  return [...system, ...row.keywords];
}
