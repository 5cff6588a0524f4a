// An account's suppression list as CSV: exported for spreadsheets, imported from them. Cells that a
// spreadsheet would run as a formula are prefixed with a quote on export, and the quote comes off on import,
// so an exported file imports back unchanged. An import is one transaction with one audit entry: its valid
// rows are all added, or (on a database error) none.
import { formatAddress, parseAddress } from "../address/parse";
import { audited, type Actor } from "../audit/audit-log";
import type { Db } from "../db/client";
import type { Suppression } from "../db/generated/client";
import { AppError } from "../errors";
import { baseAddress } from "./base-address";

export const IMPORT_MAX_ROWS = 10_000;
// As the add form allows.
const REASON_MAX = 500;

const HEADER = ["address", "base address", "manual", "reason", "created"];

export function suppressionsCsv(rows: Suppression[]): string {
  const lines = [HEADER, ...rows.map((s) => [s.originalAddress, s.baseAddress, s.manual ? "yes" : "no", s.reason, s.created.toISOString()])];
  return lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

// Spreadsheets start a formula at these; a cell already quoted before one gets another quote, so that
// unquoting on import is exact.
const FORMULA_START = /^'*[=+\-@\t\r]/;

function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const unquoteFormula = (cell: string) => (FORMULA_START.test(cell) && cell.startsWith("'") ? cell.slice(1) : cell);

// RFC 4180 records: quoted cells may hold commas, quotes ("") and line breaks. Each record comes with the
// line it starts on, for the report; blank lines are skipped.
function parseCsv(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    records.push({ line: start, cells: [...cells, cell] });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') {
        quoted = false;
        continue;
      }
      if (c === "\n") line++;
      cell += text[i];
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else if (c === "\n") {
      endRecord();
      start = ++line;
    } else cell += c;
  }
  if (cell !== "" || cells.length > 0) endRecord();
  return records.filter((r) => r.cells.some((c) => c.trim() !== ""));
}

export type ImportRow = { line: number; address: string; reason: string };
export type InvalidRow = { line: number; text: string; reason: string };

// A first row naming an "address" column is a header: then the address and reason columns are found by
// name (an exported file has more); without one, each row is address[,reason].
export function parseSuppressionCsv(text: string): { rows: ImportRow[]; invalid: InvalidRow[] } {
  const records = parseCsv(text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"));
  const header = records[0]?.cells.map((c) => c.trim().toLowerCase());
  const named = header?.includes("address") ? header : null;
  const addressAt = named ? named.indexOf("address") : 0;
  const reasonAt = named ? named.indexOf("reason") : 1;
  const rows: ImportRow[] = [];
  const invalid: InvalidRow[] = [];
  for (const { line, cells } of named ? records.slice(1) : records) {
    const problem = !named && cells.length > 2 ? `expected address[,reason], found ${cells.length} columns` : null;
    const row = { line, address: unquoteFormula(cells[addressAt]?.trim() ?? ""), reason: unquoteFormula(reasonAt >= 0 ? (cells[reasonAt]?.trim() ?? "") : "") };
    const why = problem ?? rowProblem(row);
    if (why) invalid.push({ line, text: cells.join(","), reason: why });
    else rows.push(row);
  }
  return { rows, invalid };
}

function rowProblem(row: ImportRow): string | null {
  if (!row.address) return "no address";
  if (row.reason.length > REASON_MAX) return `reason longer than ${REASON_MAX} characters`;
  try {
    parseAddress(row.address);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export type ImportReport = { added: number; existing: number; invalid: InvalidRow[] };

// Imported entries are manual, like those added by hand. An address already listed (or listed earlier in
// the same file, under any form with the same base address) counts as existing and keeps its entry.
export async function importSuppressions(db: Db, actor: Actor, account: string, text: string): Promise<ImportReport> {
  const { rows, invalid } = parseSuppressionCsv(text);
  if (rows.length + invalid.length > IMPORT_MAX_ROWS) {
    throw new AppError("user", `the file has ${rows.length + invalid.length} rows; import at most ${IMPORT_MAX_ROWS} at a time`, "csv");
  }
  const entries = firstPerBase(rows.map((r) => entryOf(account, r)));
  return audited(db, actor, "suppression.import", async (tx) => {
    const listed = await tx.suppression.findMany({ where: { account, baseAddress: { in: entries.map((e) => e.baseAddress) } }, select: { baseAddress: true } });
    const known = new Set(listed.map((s) => s.baseAddress));
    const fresh = entries.filter((e) => !known.has(e.baseAddress));
    const { count } = await tx.suppression.createMany({ data: fresh, skipDuplicates: true });
    return {
      result: { added: count, existing: rows.length - count, invalid },
      target: `${account}: ${count} ${count === 1 ? "address" : "addresses"} from CSV`,
      after: { added: fresh.map((e) => e.baseAddress), invalidRows: invalid.length },
    };
  });
}

function firstPerBase<T extends { baseAddress: string }>(entries: T[]): T[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.baseAddress) && seen.add(e.baseAddress));
}

function entryOf(account: string, row: ImportRow) {
  const address = parseAddress(row.address);
  return { account, baseAddress: baseAddress(address), originalAddress: formatAddress(address, "unicode"), manual: true, reason: row.reason };
}
