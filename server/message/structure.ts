// The MIME tree of a message, as byte ranges into the raw message. Computed once at delivery and stored as JSON,
// so a part holds only plain data. Any input yields a tree; hostile input is bounded by depth and part count.
import { AppError } from "../errors";
import { decodeEncodedWords } from "./charset";
import { findBodyStart, firstValues, headerFields, parseParameterized } from "./header";

export type MimePart = {
  contentType: string; // lower-case "type/subtype"; "text/plain" when absent or unparsable
  params: Record<string, string>; // Content-Type parameters, lower-case keys
  contentId: string;
  contentDisposition: string; // lower-case, without parameters
  filename: string;
  transferEncoding: string; // lower-case
  headerStart: number;
  bodyStart: number;
  bodyEnd: number;
  // Size of the transfer-decoded body. Multipart bodies are never transfer-decoded (RFC 2045 allows only
  // identity encodings on them), so for those it is the body size as stored.
  decodedSize: number;
  parts: MimePart[]; // only multiparts have parts; message/rfc822 is a leaf
};

// Deeper multiparts become leaves, so recursion here and in every consumer of the tree stays shallow.
const MAX_DEPTH = 50;
// Parts beyond this many are left out of the tree; real mail has a few dozen at most.
const MAX_PARTS = 10_000;

const STRUCTURE_HEADERS = ["content-type", "content-disposition", "content-id", "content-transfer-encoding"];

export function parseStructure(raw: Buffer): MimePart {
  return parsePart(raw, 0, raw.length, 0, { parts: MAX_PARTS });
}

function parsePart(raw: Buffer, start: number, end: number, depth: number, budget: { parts: number }): MimePart {
  const bodyStart = findBodyStart(raw, start, end);
  const headers = firstValues(headerFields(raw, start, bodyStart), STRUCTURE_HEADERS);
  const type = parseParameterized(headers.get("content-type") ?? "");
  const disposition = parseParameterized(headers.get("content-disposition") ?? "");
  const part: MimePart = {
    contentType: mediaType(type.value),
    params: Object.fromEntries([...type.params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    contentId: headers.get("content-id") ?? "",
    contentDisposition: disposition.value.toLowerCase(),
    filename: decodeEncodedWords(disposition.params.get("filename") || type.params.get("name") || ""),
    transferEncoding: (headers.get("content-transfer-encoding") ?? "").toLowerCase(),
    headerStart: start,
    bodyStart,
    bodyEnd: end,
    decodedSize: 0,
    parts: [],
  };
  const boundary = type.params.get("boundary");
  if (isMultipart(part) && boundary && depth < MAX_DEPTH) {
    for (const [partStart, partEnd] of bodyParts(raw, bodyStart, end, boundary)) {
      if (budget.parts <= 0) break;
      budget.parts--;
      part.parts.push(parsePart(raw, partStart, partEnd, depth + 1, budget));
    }
  }
  part.decodedSize = decodedSize(raw, part);
  return part;
}

const TOKEN = /^[!#$%&'*+\-.^_`{|}~0-9a-z]+$/;

function mediaType(value: string): string {
  const [type, subtype, ...rest] = value.replace(/\s+/g, "").toLowerCase().split("/");
  const valid = rest.length === 0 && type && subtype && TOKEN.test(type) && TOKEN.test(subtype);
  return valid ? `${type}/${subtype}` : "text/plain";
}

function isMultipart(part: MimePart): boolean {
  return part.contentType.startsWith("multipart/");
}

type Delimiter = { lineStart: number; next: number; close: boolean };

// Yields [start, end) of each body part. A part ends before the line break preceding the next delimiter line.
// Without a close delimiter the last part runs to the end (left out when empty); the preamble and epilogue are
// not parts. Offsets are absolute.
function* bodyParts(raw: Buffer, start: number, end: number, boundary: string): Generator<[number, number]> {
  const body = raw.subarray(start, end);
  const dashBoundary = Buffer.from(`--${boundary}`, "utf8");
  let current = findDelimiter(body, dashBoundary, 0);
  while (current && !current.close) {
    const following = findDelimiter(body, dashBoundary, current.next);
    if (!following) {
      if (current.next < body.length) yield [start + current.next, end];
      return;
    }
    yield [start + current.next, start + Math.max(current.next, lineBreakStart(body, following.lineStart))];
    current = following;
  }
}

// Delimiter lines start at the beginning of the body or right after a LF. "--boundary" must be followed by
// optional "--" (close), optional whitespace (transport padding) and the end of the line, so a boundary that
// is a prefix of a nested part's boundary does not match the nested one's lines.
function findDelimiter(body: Buffer, dashBoundary: Buffer, from: number): Delimiter | null {
  for (let at = body.indexOf(dashBoundary, from); at >= 0; at = body.indexOf(dashBoundary, at + 1)) {
    if (at > 0 && body[at - 1] !== 0x0a) continue;
    const delimiter = delimiterAt(body, at, dashBoundary.length);
    if (delimiter) return delimiter;
  }
  return null;
}

function delimiterAt(body: Buffer, lineStart: number, length: number): Delimiter | null {
  let i = lineStart + length;
  const close = body[i] === 0x2d && body[i + 1] === 0x2d;
  if (close) i += 2;
  while (body[i] === 0x20 || body[i] === 0x09) i++;
  if (body[i] === 0x0d) i++;
  if (i < body.length && body[i] !== 0x0a) return null;
  return { lineStart, next: Math.min(i + 1, body.length), close };
}

function lineBreakStart(body: Buffer, lineStart: number): number {
  return lineStart >= 2 && body[lineStart - 2] === 0x0d ? lineStart - 2 : lineStart - 1;
}

// Transfer-decoded body bytes, without charset conversion. Unknown encodings are returned as stored.
export function decodedBody(raw: Buffer, part: MimePart): Buffer {
  const body = raw.subarray(part.bodyStart, part.bodyEnd);
  if (isMultipart(part)) return body;
  if (part.transferEncoding === "base64") return decodeBase64(body);
  if (part.transferEncoding === "quoted-printable") return decodeQuotedPrintable(body);
  return body;
}

// The size decodedBody would return, without holding the decoded copy of a large attachment. Containers are 0,
// as in mox: only leaf parts are decoded.
function decodedSize(raw: Buffer, part: MimePart): number {
  if (isMultipart(part)) return 0;
  if (part.transferEncoding !== "base64") return decodedBody(raw, part).length;
  return walkBase64(raw.subarray(part.bodyStart, part.bodyEnd), null);
}

const BASE64_VALUES = (() => {
  const values = new Int8Array(256).fill(-1);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < alphabet.length; i++) values[alphabet.charCodeAt(i)] = i;
  return values;
})();

// Characters outside the alphabet (line breaks, garbage) are skipped. Padding ends a run and drops its leftover
// bits: some mailers concatenate separately encoded chunks, each padded.
function decodeBase64(body: Buffer): Buffer {
  const out = Buffer.alloc(Math.ceil((body.length * 3) / 4));
  return out.subarray(0, walkBase64(body, out));
}

// Returns the number of decoded bytes, writing them to out unless it is null.
function walkBase64(body: Buffer, out: Buffer | null): number {
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < body.length; i++) {
    const value = BASE64_VALUES[body[i]!]!;
    if (body[i] === 0x3d) {
      bits = 0;
    } else if (value >= 0) {
      acc = ((acc << 6) | value) & 0xffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        if (out) out[n] = acc >> bits;
        n++;
      }
    }
  }
  return n;
}

// RFC 2045 6.7: "=XX" is a byte, "=" at the end of a line is a soft line break, whitespace at the end of a line
// was added in transport and is dropped. Any other "=" is kept literally. Line breaks are kept as they are.
function decodeQuotedPrintable(body: Buffer): Buffer {
  const out = Buffer.alloc(body.length);
  let n = 0;
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === 0x3d) {
      const value = hexByte(body, i + 1);
      const afterSpace = skipSpace(body, i + 1);
      if (value >= 0) {
        out[n++] = value;
        i += 3;
      } else if (isLineEnd(body, afterSpace)) {
        i = afterSpace + (body[afterSpace] === 0x0d ? 2 : 1);
      } else {
        out[n++] = c;
        i++;
      }
    } else if (c === 0x20 || c === 0x09) {
      const afterSpace = skipSpace(body, i);
      if (!isLineEnd(body, afterSpace)) n += body.copy(out, n, i, afterSpace);
      i = afterSpace;
    } else {
      out[n++] = c;
      i++;
    }
  }
  return out.subarray(0, n);
}

function skipSpace(body: Buffer, from: number): number {
  let i = from;
  while (body[i] === 0x20 || body[i] === 0x09) i++;
  return i;
}

function hexByte(buf: Buffer, at: number): number {
  const high = hexDigit(buf[at]);
  const low = hexDigit(buf[at + 1]);
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexDigit(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function isLineEnd(body: Buffer, at: number): boolean {
  return at >= body.length || body[at] === 0x0a || (body[at] === 0x0d && body[at + 1] === 0x0a);
}

export type ApiStructure = {
  ContentType: string;
  ContentTypeParams: Record<string, string>;
  ContentID: string;
  ContentDisposition: string;
  Filename: string;
  DecodedSize: number;
  Parts: ApiStructure[];
};

export function apiStructure(part: MimePart): ApiStructure {
  return {
    ContentType: part.contentType,
    // Sorted as Go sorts map keys: a structure read back from jsonb has its keys in jsonb's order.
    ContentTypeParams: Object.fromEntries(Object.entries(part.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ContentID: part.contentId,
    ContentDisposition: part.contentDisposition,
    Filename: part.filename,
    DecodedSize: part.decodedSize,
    Parts: part.parts.map(apiStructure),
  };
}

// Each index selects a sub-part of a multipart; leaves (message/rfc822 included) have no sub-parts.
export function findPart(root: MimePart, path: number[]): MimePart {
  let part = root;
  for (const [i, index] of path.entries()) {
    const next = Number.isInteger(index) && index >= 0 ? part.parts[index] : undefined;
    if (!next) throw new AppError("partNotFound", `part ${index} at index ${i} not found`);
    part = next;
  }
  return part;
}
