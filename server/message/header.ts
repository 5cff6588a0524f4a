// Header sections of messages and MIME parts: where they end, their fields, and parameterised values such as
// Content-Type (RFC 2045, with RFC 2231 continuations and charsets).
import { decodeCharset, unescapeHex, withoutNul } from "./charset";

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;

// The header ends at the first empty line, or, for mail that lacks the empty line, at the first line that is
// neither a field nor a continuation: that line then already belongs to the body. Without either, the whole
// range is header and the body is empty. Returns the absolute offset of the body.
export function findBodyStart(raw: Buffer, start: number, end: number): number {
  const region = raw.subarray(start, end);
  let pos = 0;
  while (pos < region.length) {
    const lf = region.indexOf(LF, pos);
    const lineEnd = lf < 0 ? region.length : lf;
    const next = lf < 0 ? region.length : lf + 1;
    const contentEnd = lineEnd > pos && region[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (contentEnd === pos) return start + next;
    if (!isFieldLine(region, pos, contentEnd, pos === 0)) return start + pos;
    pos = next;
  }
  return end;
}

// The header section of a whole message, with its terminating empty line.
export function headerSection(raw: Buffer): Buffer {
  return raw.subarray(0, findBodyStart(raw, 0, raw.length));
}

function isFieldLine(region: Buffer, pos: number, end: number, first: boolean): boolean {
  if (region[pos] === SP || region[pos] === HT) return !first;
  let i = pos;
  while (i < end && region[i]! > SP && region[i]! < 0x7f && region[i] !== COLON) i++;
  if (i === pos) return false;
  while (i < end && (region[i] === SP || region[i] === HT)) i++;
  return i < end && region[i] === COLON;
}

export type HeaderField = { name: string; value: string };

// Fields in order, names lower-cased (unless keepCase), values unfolded (line breaks before continuation whitespace removed) and
// trimmed. Lazy, so callers that need only a few fields do not hold every field of a huge header. Header bytes
// are read as UTF-8 (RFC 6532); invalid bytes become replacement characters. Lines without a colon are skipped.
export function* headerFields(raw: Buffer, start: number, end: number, keepCase = false): Generator<HeaderField> {
  const text = raw.toString("utf8", start, end);
  let name: string | null = null;
  let value: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const lf = text.indexOf("\n", pos);
    const lineEnd = lf < 0 ? text.length : lf;
    const line = text.slice(pos, lineEnd > pos && text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd);
    pos = lineEnd + 1;
    if (line === "") break;
    if (line[0] === " " || line[0] === "\t") {
      if (name !== null) value.push(line);
      continue;
    }
    if (name !== null) yield field(name, value);
    const colon = line.indexOf(":");
    const written = line.slice(0, colon).trim();
    name = colon > 0 ? (keepCase ? written : written.toLowerCase()) : null;
    value = colon > 0 ? [line.slice(colon + 1)] : [];
  }
  if (name !== null) yield field(name, value);
}

function field(name: string, value: string[]): HeaderField {
  return { name, value: withoutNul(value.join("").trim()) };
}

// First occurrence wins for each of the wanted names.
export function firstValues(fields: Iterable<HeaderField>, names: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const f of fields) {
    if (names.includes(f.name) && !found.has(f.name)) found.set(f.name, f.value);
  }
  return found;
}

export type ParameterizedValue = { value: string; params: Map<string, string> };

// "value; name=token; name="quoted"". Keys are lower-cased, values kept as written apart from unquoting and
// RFC 2231 decoding. Malformed parameters are skipped; when a name repeats, the first one wins.
export function parseParameterized(input: string): ParameterizedValue {
  const [value = "", ...segments] = splitUnquoted(input, ";");
  const raw = new Map<string, string>();
  for (const segment of segments) {
    const eq = segment.indexOf("=");
    const name = eq > 0 ? segment.slice(0, eq).trim().toLowerCase() : "";
    if (name && !raw.has(name)) raw.set(name, unquote(segment.slice(eq + 1).trim()));
  }
  return { value: value.replace(/\([^()]*\)/g, "").trim(), params: combineExtended(raw) };
}

function splitUnquoted(input: string, separator: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let from = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      parts.push(input.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(input.slice(from));
  return parts;
}

// Text after the closing quote is ignored; an unterminated quote runs to the end.
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  const pieces: string[] = [];
  let from = 1;
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '"') {
      pieces.push(value.slice(from, i));
      return pieces.join("");
    }
    if (value[i] === "\\") {
      pieces.push(value.slice(from, i));
      from = i + 1;
      i++;
    }
  }
  pieces.push(value.slice(from));
  return pieces.join("");
}

type Section = { index: number; extended: boolean; text: string };

const EXTENDED_NAME = /^([^*]+)\*(?:(\d{1,4})(\*)?)?$/;

// RFC 2231: "name*" is percent-encoded with a "charset'language'" prefix, "name*0", "name*1*", ... are
// continuations. An extended form wins over a plain "name" given alongside it.
function combineExtended(raw: Map<string, string>): Map<string, string> {
  const params = new Map<string, string>();
  const sections = new Map<string, Map<number, Section>>();
  for (const [name, text] of raw) {
    const m = EXTENDED_NAME.exec(name);
    if (!m) {
      params.set(name, text);
      continue;
    }
    const index = m[2] === undefined ? 0 : Number(m[2]);
    const byIndex = sections.get(m[1]!) ?? new Map<number, Section>();
    if (!byIndex.has(index)) byIndex.set(index, { index, extended: m[2] === undefined || m[3] === "*", text });
    sections.set(m[1]!, byIndex);
  }
  for (const [name, byIndex] of sections) params.set(name, joinSections([...byIndex.values()]));
  return params;
}

function joinSections(list: Section[]): string {
  list.sort((a, b) => a.index - b.index);
  let charset = "";
  const chunks = list.map((s, i) => {
    if (!s.extended) return Buffer.from(s.text, "utf8");
    let text = s.text;
    const parts = text.split("'");
    if (i === 0 && s.index === 0 && parts.length >= 3) {
      charset = parts[0]!;
      text = parts.slice(2).join("'");
    }
    return Buffer.from(unescapeHex(text, "%"), "latin1");
  });
  return withoutNul(decodeCharset(Buffer.concat(chunks), charset));
}
