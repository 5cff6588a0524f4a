// The machine-readable part of a DSN: message/delivery-status (RFC 3464) or message/global-delivery-status
// (RFC 6533), spec 7.1. The part comes from whoever sent us the bounce, so anything that is not a well-formed
// status part is rejected with a DsnParseError, and nothing else is ever thrown. mox is the reference. We accept
// more than it does where RFC 3464 and real mailers agree (dates with a weekday, blank lines around the blocks,
// address literals as Received-From-MTA), and check the Status syntax, which it takes unchecked.
import { isUtf8 } from "node:buffer";
import { formatAddress, parseAddress } from "../address/parse";
import { parseDate } from "../message/envelope";

export type DsnAction = "failed" | "delayed" | "delivered" | "relayed" | "expanded";

export type DsnRecipient = {
  finalRecipient: string;
  originalRecipient: string;
  action: DsnAction;
  status: string; // "X.Y.Z", without its comment
  remoteMta: string;
  diagnosticCode: string; // text after "smtp;" trimmed, "" if absent
  lastAttemptDate: Date | null;
  finalLogId: string;
  willRetryUntil: Date | null;
};

export type ParsedDsn = {
  reportingMta: string;
  originalEnvelopeId: string;
  dsnGateway: string;
  receivedFromMta: string;
  arrivalDate: Date | null;
  recipients: DsnRecipient[];
};

export class DsnParseError extends Error {
  override name = "DsnParseError";
}

// Lower-cased field name to unfolded value, for one blank-line separated block.
type Fields = Map<string, string>;
type FieldParser<T> = (name: string, value: string) => T;

export function parseDeliveryStatus(body: Buffer, utf8: boolean): ParsedDsn {
  // RFC 6533 makes UTF-8 the only 8-bit content allowed; other bytes would turn into replacement characters.
  if (!isUtf8(body)) throw new DsnParseError("status part is not valid UTF-8");
  const [perMessage, ...perRecipient] = lineBlocks(body.toString("utf8"));
  if (!perMessage) throw new DsnParseError("status part has no fields");
  if (perRecipient.length === 0) throw new DsnParseError("status part has no per-recipient fields");
  return {
    ...inBlock("per-message fields", () => messageFields(blockFields(perMessage))),
    recipients: perRecipient.map((lines, i) => inBlock(`recipient ${i + 1}`, () => recipientFields(blockFields(lines), utf8))),
  };
}

function messageFields(fields: Fields): Omit<ParsedDsn, "recipients"> {
  return {
    reportingMta: required(fields, "Reporting-MTA", mtaName),
    originalEnvelopeId: optional(fields, "Original-Envelope-ID", asIs, ""),
    dsnGateway: optional(fields, "DSN-Gateway", mtaName, ""),
    receivedFromMta: optional(fields, "Received-From-MTA", mtaName, ""),
    arrivalDate: optional(fields, "Arrival-Date", date, null),
  };
}

function recipientFields(fields: Fields, utf8: boolean): DsnRecipient {
  const address: FieldParser<string> = (name, value) => recipientAddress(name, value, utf8);
  return {
    finalRecipient: required(fields, "Final-Recipient", address),
    originalRecipient: optional(fields, "Original-Recipient", address, ""),
    action: required(fields, "Action", action),
    status: required(fields, "Status", status),
    remoteMta: optional(fields, "Remote-MTA", remoteMta, ""),
    diagnosticCode: optional(fields, "Diagnostic-Code", diagnosticCode, ""),
    lastAttemptDate: optional(fields, "Last-Attempt-Date", date, null),
    finalLogId: optional(fields, "Final-Log-ID", asIs, ""),
    willRetryUntil: optional(fields, "Will-Retry-Until", advisoryDate, null),
  };
}

function inBlock<T>(context: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw err instanceof DsnParseError ? new DsnParseError(`${context}: ${err.message}`) : err;
  }
}

function required<T>(fields: Fields, name: string, parse: FieldParser<T>): T {
  const value = fields.get(name.toLowerCase());
  if (value === undefined) throw new DsnParseError(`missing required field ${name}`);
  return parse(name, value);
}

function optional<T>(fields: Fields, name: string, parse: FieldParser<T>, absent: T): T {
  const value = fields.get(name.toLowerCase());
  return value === undefined ? absent : parse(name, value);
}

function invalid(name: string, value: string, reason: string): DsnParseError {
  return new DsnParseError(`field ${name} ${JSON.stringify(truncate(value))}: ${reason}`);
}

// Error texts end up in stored results; a hostile field can be megabytes long.
function truncate(value: string): string {
  return value.length > 200 ? `${value.slice(0, 200)}...` : value;
}

// Blocks are separated by empty lines; empty lines before the first and after the last block are tolerated.
// Lines may end in CRLF or LF.
function lineBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  let lines: string[] = [];
  for (const line of text.split("\n")) {
    const content = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (content !== "") {
      lines.push(content);
    } else if (lines.length > 0) {
      blocks.push(lines);
      lines = [];
    }
  }
  if (lines.length > 0) blocks.push(lines);
  return blocks;
}

// Header field syntax (RFC 5322): "name: value", continued on lines that start with whitespace. Each field may
// occur once per block (RFC 3464 2.1), extension fields included, as in mox.
function blockFields(lines: string[]): Fields {
  const fields: Fields = new Map();
  for (const [name, value] of unfoldedFields(lines)) {
    const key = name.toLowerCase();
    if (fields.has(key)) throw new DsnParseError(`field ${name} occurs more than once`);
    fields.set(key, value);
  }
  return fields;
}

// Control characters other than tab have no place in a header field; mox (through Go's textproto) refuses them.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
// Printable ASCII except ":" (RFC 5322 ftext). Whitespace before the colon is the obsolete syntax, still seen.
const FIELD = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/s;

function* unfoldedFields(lines: string[]): Generator<[string, string]> {
  let field: { name: string; parts: string[] } | null = null;
  for (const line of lines) {
    if (CONTROL.test(line)) throw new DsnParseError(`control character in line ${JSON.stringify(truncate(line))}`);
    if (line[0] === " " || line[0] === "\t") {
      if (!field) throw new DsnParseError(`continuation line without a field: ${JSON.stringify(truncate(line))}`);
      field.parts.push(line);
      continue;
    }
    if (field) yield [field.name, joinParts(field.parts)];
    const m = FIELD.exec(line);
    if (!m) throw new DsnParseError(`not a header field: ${JSON.stringify(truncate(line))}`);
    field = { name: m[1]!, parts: [m[2]!] };
  }
  if (field) yield [field.name, joinParts(field.parts)];
}

function joinParts(parts: string[]): string {
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .join(" ");
}

function asIs(_name: string, value: string): string {
  return value;
}

// "type; text", as in MTA names, addresses and diagnostic codes. The type is lower-cased.
function typedValue(name: string, value: string): { type: string; text: string } {
  const semicolon = value.indexOf(";");
  if (semicolon < 0) throw invalid(name, value, 'expected "type; value"');
  return { type: value.slice(0, semicolon).trim().toLowerCase(), text: value.slice(semicolon + 1).trim() };
}

function mtaName(name: string, value: string): string {
  const { type, text } = typedValue(name, withoutComments(value));
  if (type !== "dns") throw invalid(name, value, `MTA name type ${JSON.stringify(type)}, expected "dns"`);
  if (!text) throw invalid(name, value, "empty MTA name");
  return text;
}

// Only informative, so any type is accepted, as mox does; an untyped value is kept whole.
function remoteMta(_name: string, value: string): string {
  const text = withoutComments(value);
  return text.slice(text.indexOf(";") + 1).trim();
}

function date(name: string, value: string): Date {
  const parsed = parseDate(withoutComments(value));
  if (!parsed) throw invalid(name, value, "not an RFC 5322 date-time");
  return parsed.instant;
}

// mox ignores a retry time it cannot parse instead of refusing the DSN; we keep that outcome.
function advisoryDate(_name: string, value: string): Date | null {
  return parseDate(withoutComments(value))?.instant ?? null;
}

const ACTIONS: readonly DsnAction[] = ["failed", "delayed", "delivered", "relayed", "expanded"];

function action(name: string, value: string): DsnAction {
  const lower = value.toLowerCase();
  const found = ACTIONS.find((a) => a === lower);
  if (!found) throw invalid(name, value, `unrecognized action, expected one of ${ACTIONS.join(", ")}`);
  return found;
}

// RFC 3464 status-code, optionally followed by a comment, which is dropped.
const STATUS = /^(\d\.\d{1,3}\.\d{1,3})(?:\s*\(.*\))?$/s;

function status(name: string, value: string): string {
  const m = STATUS.exec(value);
  if (!m) throw invalid(name, value, 'expected "X.Y.Z" with an optional comment');
  return m[1]!;
}

// Other diagnostic types, such as Postfix's "X-Postfix;", are refused: mox does the same, and its codes could
// not be read as SMTP replies anyway.
function diagnosticCode(name: string, value: string): string {
  const { type, text } = typedValue(name, value);
  if (type !== "smtp") throw invalid(name, value, `diagnostic type ${JSON.stringify(type)}, expected "smtp"`);
  return text;
}

// "rfc822; addr", or "utf-8; addr" in global DSNs only (RFC 6533 3.2). In the localpart, "\x{HEX}" stands for a
// Unicode character; any other backslash is refused, as in mox. Returned as localpart@domain, domain in Unicode.
function recipientAddress(name: string, value: string, utf8: boolean): string {
  const { type, text } = typedValue(name, withoutComments(value));
  if (type === "utf-8" && !utf8) throw invalid(name, value, "utf-8 address type outside a global DSN");
  if (type !== "rfc822" && type !== "utf-8") throw invalid(name, value, `address type ${JSON.stringify(type)}, expected "rfc822"`);
  // The check comes before escapes are decoded: escapes are how an ASCII DSN carries a Unicode localpart.
  if (!utf8 && /[^\p{ASCII}]/u.test(text)) throw invalid(name, value, "non-ASCII address outside a global DSN");
  const at = text.lastIndexOf("@");
  if (at < 0) throw invalid(name, value, "not an email address");
  const localpart = decodeUnicodeEscapes(name, value, text.slice(0, at));
  try {
    return formatAddress(parseAddress(`${localpart}${text.slice(at)}`));
  } catch {
    throw invalid(name, value, "not an email address");
  }
}

const UNICODE_ESCAPE = /\\[xX]\{([0-9A-Fa-f]{1,6})\}/g;

function decodeUnicodeEscapes(name: string, value: string, localpart: string): string {
  if (localpart.replace(UNICODE_ESCAPE, "").includes("\\")) throw invalid(name, value, 'backslash not starting a "\\x{HEX}" escape');
  return localpart.replace(UNICODE_ESCAPE, (_, hex: string) => {
    const codePoint = parseInt(hex, 16);
    const isScalar = codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
    if (!isScalar) throw invalid(name, value, `"\\x{${hex}}" is not a Unicode character`);
    return String.fromCodePoint(codePoint);
  });
}

// RFC 5322 comments: parenthesised, nestable, with quoted pairs; parentheses in a quoted string are text. An
// unclosed comment runs to the end of the value.
function withoutComments(value: string): string {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const escaped = c === "\\" && (quoted || depth > 0);
    const text = escaped ? value.slice(i, i + 2) : c;
    if (escaped) i++;
    else if (c === '"' && depth === 0) quoted = !quoted;
    else if (c === "(" && !quoted) depth++;
    else if (c === ")" && depth > 0) {
      depth--;
      continue;
    }
    if (depth === 0) out.push(text);
  }
  return out.join("");
}
