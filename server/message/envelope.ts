// What MessageGet and the incoming webhook show of a message: addresses, subject, ids, date and the text/HTML
// bodies. Works on any input; what cannot be parsed is left empty or kept as written.
import { formatAddress, parseAddress } from "../address/parse";
import { decodeCharset, decodeEncodedWords } from "./charset";
import { findBodyStart, headerFields } from "./header";
import { decodedBody, type MimePart } from "./structure";

export type NameAddress = { Name: string; Address: string };

export type Envelope = {
  from: NameAddress[];
  to: NameAddress[];
  cc: NameAddress[];
  bcc: NameAddress[];
  replyTo: NameAddress[];
  subject: string;
  messageId: string;
  inReplyTo: string;
  references: string[];
  date: string | null;
  dateInstant: Date | null;
};

// RFC 5322 allows each of these once; when a message repeats one, the first is used.
const SINGLE_HEADERS = ["from", "to", "cc", "bcc", "reply-to", "subject", "message-id", "in-reply-to", "date"];

export function parseEnvelope(raw: Buffer): Envelope {
  const { single, references } = envelopeFields(raw);
  const inReplyTo = single.get("in-reply-to") ?? "";
  const date = parseDate(single.get("date") ?? "");
  return {
    from: parseAddressList(single.get("from") ?? ""),
    to: parseAddressList(single.get("to") ?? ""),
    cc: parseAddressList(single.get("cc") ?? ""),
    bcc: parseAddressList(single.get("bcc") ?? ""),
    replyTo: parseAddressList(single.get("reply-to") ?? ""),
    subject: decodeEncodedWords(single.get("subject") ?? ""),
    messageId: single.get("message-id") ?? "",
    inReplyTo,
    // MessageGet semantics: every token of every References header, In-Reply-To first when not among them.
    references: inReplyTo && !references.includes(inReplyTo) ? [inReplyTo, ...references] : references,
    date: date?.text ?? null,
    dateInstant: date?.instant ?? null,
  };
}

// One pass keeping only what the envelope uses, so a header of millions of fields costs time but not memory.
function envelopeFields(raw: Buffer): { single: Map<string, string>; references: string[] } {
  const single = new Map<string, string>();
  const references: string[] = [];
  for (const f of headerFields(raw, 0, findBodyStart(raw, 0, raw.length))) {
    if (f.name === "references") {
      for (const token of f.value.split(/\s+/)) if (token) references.push(token);
    } else if (SINGLE_HEADERS.includes(f.name) && !single.has(f.name)) {
      single.set(f.name, f.value);
    }
  }
  return { single, references };
}

export function headerValues(raw: Buffer, root: MimePart, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const f of headerFields(raw, root.headerStart, root.bodyStart)) if (f.name === wanted) values.push(f.value);
  return values;
}

type Token = { kind: "word" | "quoted" | "comment" | "special" | "space"; text: string; raw: string };

// Encoded-words are taken whole, because broken encoders leave specials such as "," inside them.
const ENCODED_WORD_AT = /=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=/y;
const SPACE_RUN = /[ \t\r\n]+/y;
const WORD_RUN = /[^ \t\r\n()<>,;:@"]+/y;

function* tokenize(input: string): Generator<Token> {
  let i = 0;
  while (i < input.length) {
    const [kind, end] = nextToken(input, i);
    const raw = input.slice(i, end);
    yield { kind, text: kind === "quoted" || kind === "comment" ? innerText(raw) : raw, raw };
    i = end;
  }
}

function nextToken(input: string, at: number): [Token["kind"], number] {
  if (input[at] === '"') return ["quoted", scanQuoted(input, at)];
  if (input[at] === "(") return ["comment", scanComment(input, at)];
  const space = stickyEnd(SPACE_RUN, input, at);
  if (space > at) return ["space", space];
  const word = stickyEnd(WORD_RUN, input, at);
  if (word > at) return ["word", Math.max(word, stickyEnd(ENCODED_WORD_AT, input, at))];
  return ["special", at + 1];
}

// Offset where a match of the sticky pattern at "from" ends, or "from" when there is none.
function stickyEnd(pattern: RegExp, input: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.test(input) ? pattern.lastIndex : from;
}

// The content of a quoted string or comment without its delimiters (the closing one may be missing).
function innerText(raw: string): string {
  const closed = raw.length > 1 && raw.endsWith(raw[0] === '"' ? '"' : ")");
  const inner = raw.slice(1, closed ? -1 : undefined);
  const text = inner.includes("\\") ? inner.replace(/\\(.)/gs, "$1") : inner;
  return raw[0] === "(" ? text.trim() : text;
}

// Returns the offset after the closing quote, or the end of the input when it is missing.
function scanQuoted(input: string, from: number): number {
  for (let i = from + 1; i < input.length; i++) {
    if (input[i] === "\\") i++;
    else if (input[i] === '"') return i + 1;
  }
  return input.length;
}

function scanComment(input: string, from: number): number {
  let depth = 0;
  for (let i = from; i < input.length; i++) {
    const c = input[i];
    if (c === "\\") i++;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return input.length;
}

type Mailbox = { phrase: Token[]; angle: Token[] | null; inAngle: boolean; comments: string[] };

const emptyMailbox = (): Mailbox => ({ phrase: [], angle: null, inAngle: false, comments: [] });

// Longer address headers are cut: no real mail comes near, and hostile ones would cost seconds per MiB.
const ADDRESS_LIST_LIMIT = 1024 * 1024;

// Address lists with groups ("team: a@x, b@y;" yields the members), comments, quoted names, angle addresses
// with obsolete source routes, and bare addresses whose comment serves as the name ("a@x (Name)").
export function parseAddressList(value: string): NameAddress[] {
  const list: NameAddress[] = [];
  let box = emptyMailbox();
  for (const token of tokenize(value.slice(0, ADDRESS_LIST_LIMIT))) {
    const t = token.kind === "special" ? token.text : "";
    if (box.inAngle) {
      if (t === ">") box.inAngle = false;
      else box.angle!.push(token);
    } else if (t === "<") {
      box.angle = [];
      box.inAngle = true;
    } else if (t === "," || t === ";" || t === ":") {
      if (t !== ":") addMailbox(list, box);
      box = emptyMailbox();
    } else if (token.kind === "comment") {
      box.comments.push(token.text);
    } else if (box.angle === null) {
      box.phrase.push(token);
    }
  }
  addMailbox(list, box);
  return list;
}

function addMailbox(list: NameAddress[], box: Mailbox): void {
  const angle = box.angle && afterSourceRoute(box.angle);
  const address = joinTokens(angle ?? box.phrase, "raw");
  const name = decodeEncodedWords(angle ? joinTokens(box.phrase, "text") : (box.comments[0] ?? "")).trim();
  // A name without an address ("Name <>", a lone comment) tells a consumer nothing it can use.
  if (address) list.push({ Name: name, Address: unicodeAddress(address) });
}

function afterSourceRoute(tokens: Token[]): Token[] {
  const colon = tokens.findLastIndex((t) => t.kind === "special" && t.text === ":");
  return tokens.slice(colon + 1);
}

// Whitespace survives only between two words, so "a @ b.example" becomes "a@b.example" and "John  Doe"
// becomes "John Doe". Comments are dropped. Quoted strings are kept quoted in addresses, unquoted in names.
function joinTokens(tokens: Token[], quoted: "raw" | "text"): string {
  let out = "";
  let space = false;
  let lastWord = false;
  for (const t of tokens) {
    if (t.kind === "space") space = true;
    if (t.kind === "space" || t.kind === "comment") continue;
    const word = t.kind === "word" || t.kind === "quoted";
    if (space && word && lastWord) out += " ";
    out += t.kind === "quoted" && quoted === "text" ? t.text : t.raw;
    space = false;
    lastWord = word;
  }
  return out.trim();
}

function unicodeAddress(address: string): string {
  try {
    return formatAddress(parseAddress(address), "unicode");
  } catch {
    return address;
  }
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
// Obsolete zone names (RFC 5322 4.3), in minutes east of UTC. Military letters mean "unknown", i.e. UTC.
const ZONES: Record<string, number> = { ut: 0, gmt: 0, utc: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };
const DATE = /^(?:[a-z]+\s*(?:,\s*)?)?(\d{1,2})\s*([a-z]{3})[a-z]*\s*(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[a-z]+)$/i;

type ParsedDate = { text: string; instant: Date };

// RFC 5322 date-time, also its obsolete forms. The text keeps the header's own offset, formatted as Go marshals
// times (RFC 3339, "Z" for a zero offset), so it round-trips to what mox's JSON shows.
export function parseDate(value: string): ParsedDate | null {
  const m = DATE.exec(value.replace(/\([^()]*\)/g, " ").trim());
  if (!m) return null;
  const [day, hour, minute, second] = [m[1], m[4], m[5], m[6] ?? "0"].map(Number) as [number, number, number, number];
  const month = MONTHS.indexOf(m[2]!.toLowerCase());
  const offset = zoneOffset(m[7]!);
  const year = fullYear(m[3]!);
  if (month < 0 || offset === null || hour > 23 || minute > 59 || second > 59) return null;
  const wall = new Date(0);
  wall.setUTCFullYear(year, month, day);
  wall.setUTCHours(hour, minute, second, 0);
  if (wall.getUTCDate() !== day || wall.getUTCMonth() !== month) return null;
  const text = `${wall.toISOString().slice(0, 19)}${formatOffset(offset)}`;
  return { text, instant: new Date(wall.getTime() - offset * 60_000) };
}

// Two-digit years are 1950-2049, three-digit years count from 1900 (RFC 5322 4.3).
function fullYear(digits: string): number {
  const n = Number(digits);
  if (digits.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  return digits.length === 3 ? 1900 + n : n;
}

function zoneOffset(zone: string): number | null {
  const numeric = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (numeric) {
    const [hours, minutes] = [Number(numeric[2]), Number(numeric[3])];
    if (hours > 23 || minutes > 59) return null;
    return (numeric[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  const lower = zone.toLowerCase();
  if (Object.hasOwn(ZONES, lower)) return ZONES[lower]!;
  return /^[a-ik-z]$/.test(lower) ? 0 : null;
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return "Z";
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${minutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const TEXT_LIMIT = 1024 * 1024;

type Picked = { text?: MimePart; html?: MimePart };

// Spec 2.6: a text/plain or text/html top part is the text; otherwise the first text/plain or text/html among
// a multipart's direct parts (both, for multipart/alternative), else the first sub-part that yields anything.
export function selectText(raw: Buffer, root: MimePart): { text: string; html: string } {
  const picked = pickText(root);
  return {
    text: picked.text ? renderText(raw, picked.text) : "",
    html: picked.html ? renderText(raw, picked.html) : "",
  };
}

function pickText(part: MimePart): Picked {
  if (part.contentType === "text/plain") return { text: part };
  if (part.contentType === "text/html") return { html: part };
  const direct = pickDirect(part);
  if (direct.text || direct.html) return direct;
  for (const sub of part.parts) {
    const nested = pickText(sub);
    if (nested.text || nested.html) return nested;
  }
  return {};
}

function pickDirect(container: MimePart): Picked {
  const both = container.contentType === "multipart/alternative";
  const picked: Picked = {};
  for (const sub of container.parts) {
    if (sub.contentType === "text/plain" && !picked.text) picked.text = sub;
    else if (sub.contentType === "text/html" && !picked.html) picked.html = sub;
    else continue;
    if (!both) break;
  }
  return picked;
}

function renderText(raw: Buffer, part: MimePart): string {
  const text = decodeCharset(decodedBody(raw, part), part.params.charset ?? "").replace(/\r\n/g, "\n");
  return truncateUtf8(text, TEXT_LIMIT);
}

// Cut at a character boundary so that the UTF-8 form is at most max bytes.
function truncateUtf8(s: string, max: number): string {
  if (s.length * 3 <= max) return s;
  const bytes = Buffer.from(s, "utf8");
  if (bytes.length <= max) return s;
  let cut = max;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return bytes.toString("utf8", 0, cut);
}
