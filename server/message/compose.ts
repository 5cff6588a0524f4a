import { randomBytes } from "node:crypto";
import type { Address } from "../address/parse";
import { AppError } from "../errors";
import { base64Body, entityBytes, multipartBody, pickBoundary, type MimePart } from "./mime-writer";
import { sniffContentType } from "./sniff";

export type MailAddress = { name: string; address: Address };
export type ComposeFile = { name: string; contentType: string; contentId: string; data: Buffer };
export type ComposeDate = { instant: Date; offsetMinutes: number }; // offset east of UTC, e.g. +120 for +02:00
export type ComposeInput = {
  from: MailAddress;
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[]; // Bcc recipients never appear in the message
  subject: string;
  date: ComposeDate;
  messageId: string; // validated by the caller, with <>
  references: string[];
  text: string; // text and html: at least one non-empty
  html: string;
  headers: [string, string][]; // custom headers, written in this order
  alternativeFiles: ComposeFile[]; // files in the order the caller wants them (JSON ones before uploads)
  inlineFiles: ComposeFile[];
  attachedFiles: ComposeFile[];
  smtputf8: boolean; // from needsSmtputf8 over all addresses, Bcc included
  userAgent: string; // left out when a custom User-Agent or X-Mailer header is given
};
export type Composed = { raw: Buffer; has8bit: boolean };


const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// RFC 2045 limits encoded lines to 76 characters, RFC 5322 recommends 78 for lines of text.
const MAX_TEXT_LINE = 78;
const QP_LINE = 76;
const HEADER_FOLD = 77;
// An encoded word is at most 75 characters, of which "=?utf-8?q?" and "?=" take 12.
const ENCODED_WORD_TEXT = 63;
// Words that cannot be folded must still leave the header line under the 998-byte limit.
const MAX_PLAIN_WORD = 900;
const RFC2231_SEGMENT = 60;
const PHRASE_ATOMS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+( [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;
const MIME_TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;

export function composeMessage(input: ComposeInput): Composed {
  checkHeaderValues(input);
  const body = bodyPart(input);
  const raw = entityBytes([...messageHeaders(input), ...body.headers.map((h) => `${h}\r\n`)], body.body);
  return { raw, has8bit: raw.some((b) => b >= 0x80) };
}

export function needsSmtputf8(addresses: Address[]): boolean {
  return addresses.some((a) => !isAscii(a.localpart));
}

export function generateMessageId(hostname: string): string {
  return `<${randomBytes(16).toString("base64url")}@${hostname}>`;
}

// A header line with the given name and these addresses (display names are checked too), CRLF-terminated and
// folded between addresses. Also used for the Bcc header of the Sent copy.
export function addressHeader(name: string, list: MailAddress[], smtputf8: boolean): string {
  checkNoControlCharacters(list.map((a) => a.name));
  return foldHeader(name, list.map((a) => formatMailAddress(a, smtputf8)), ", ");
}

// Go's "2 Jan 2006 15:04:05 -0700", in the sender's offset.
export function formatMessageDate({ instant, offsetMinutes }: ComposeDate): string {
  const t = new Date(instant.getTime() + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const abs = Math.abs(offsetMinutes);
  const zone = `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  const time = [t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()].map(pad).join(":");
  return `${t.getUTCDate()} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()} ${time} ${zone}`;
}

function checkHeaderValues(input: ComposeInput): void {
  const files = [...input.alternativeFiles, ...input.inlineFiles, ...input.attachedFiles];
  checkNoControlCharacters([
    ...input.headers.flat(),
    input.subject,
    input.messageId,
    ...input.references,
    ...files.flatMap((f) => [f.contentType, f.contentId, f.name]),
  ]);
  const badName = input.headers.find(([name]) => !/^[!-9;-~]+$/.test(name));
  if (badName) throw new AppError("user", `invalid header name ${JSON.stringify(badName[0])}`);
}

export function checkNoControlCharacters(values: string[]): void {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (values.some((v) => /[\x00-\x1f\x7f]/.test(v))) throw new AppError("user", "checking header values: control characters not allowed");
}

function isAscii(s: string): boolean {
  return !/[\u0080-\uffff]/.test(s);
}

// Header lines in the order mox writes them, each CRLF-terminated.
function messageHeaders(input: ComposeInput): string[] {
  const addresses = (name: string, list: MailAddress[]) => (list.length ? [addressHeader(name, list, input.smtputf8)] : []);
  const refs = input.references;
  const custom = input.headers.map(([name, value]) => `${name}: ${value}\r\n`);
  const agentOverridden = input.headers.some(([name]) => ["user-agent", "x-mailer"].includes(name.toLowerCase()));
  return [
    addressHeader("From", [input.from], input.smtputf8),
    ...addresses("Reply-To", input.replyTo),
    ...addresses("To", input.to),
    ...addresses("Cc", input.cc),
    ...(input.subject ? [foldHeader("Subject", formatSubject(input.subject, input.smtputf8), " ")] : []),
    `Date: ${formatMessageDate(input.date)}\r\n`,
    `Message-Id: ${input.messageId}\r\n`,
    ...(refs.length ? [`References: ${refs.join("\r\n\t")}\r\n`, `In-Reply-To: ${refs[refs.length - 1]}\r\n`] : []),
    "MIME-Version: 1.0\r\n",
    ...custom,
    ...(agentOverridden ? [] : [`User-Agent: ${input.userAgent}\r\n`]),
  ];
}

function formatMailAddress({ name, address }: MailAddress, smtputf8: boolean): string {
  const addr = `${address.localpart}@${smtputf8 ? address.domain.unicode : address.domain.ascii}`;
  return name ? `${formatDisplayName(name)} <${addr}>` : addr;
}

// Levels are only added when needed: mixed > related > alternative > text parts.
function bodyPart(input: ComposeInput): MimePart {
  const alternatives = [
    ...(input.text ? [textPart("plain", input.text, input.smtputf8)] : []),
    ...(input.html ? [textPart("html", input.html, input.smtputf8)] : []),
    ...input.alternativeFiles.map((f) => filePart(f, "inline")),
  ];
  const first = alternatives[0];
  if (!first || (!input.text && !input.html)) throw new AppError("missingBody", "at least text or html body required");
  let part = alternatives.length > 1 ? multipart("alternative", alternatives) : first;
  if (input.inlineFiles.length) part = multipart("related", [part, ...input.inlineFiles.map((f) => filePart(f, "inline"))]);
  if (input.attachedFiles.length) part = multipart("mixed", [part, ...input.attachedFiles.map((f) => filePart(f, "attachment"))]);
  return part;
}

function multipart(subtype: string, parts: MimePart[]): MimePart {
  const boundary = pickBoundary(parts);
  return { headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`], body: multipartBody(boundary, parts) };
}

function textPart(subtype: "plain" | "html", content: string, smtputf8: boolean): MimePart {
  const text = (/[\r\n]$/.test(content) ? content : `${content}\n`).replace(/\r\n|\r|\n/g, "\r\n");
  const ascii = isAscii(text);
  const longLine = text.split("\r\n").some((line) => Buffer.byteLength(line) > MAX_TEXT_LINE);
  const encoding = longLine ? "quoted-printable" : !ascii || smtputf8 ? "8bit" : "7bit";
  return {
    headers: [`Content-Type: text/${subtype}; charset=${ascii ? "us-ascii" : "utf-8"}`, `Content-Transfer-Encoding: ${encoding}`],
    body: [longLine ? quotedPrintable(text) : Buffer.from(text)],
  };
}

// Line breaks are hard breaks; each line is encoded on its own and soft-broken to stay within 76 characters.
function quotedPrintable(text: string): Buffer {
  return Buffer.from(text.split("\r\n").map(quotedPrintableLine).join("\r\n"), "ascii");
}

function quotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line);
  let out = "";
  let current = "";
  bytes.forEach((b, i) => {
    // Whitespace at the end of a line would be stripped in transit, so it is encoded there.
    const literal = (b > 0x20 && b < 0x7f && b !== 0x3d) || ((b === 0x20 || b === 0x09) && i < bytes.length - 1);
    const encoded = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, "0")}`;
    if (current.length + encoded.length > QP_LINE - 1) {
      out += `${current}=\r\n`;
      current = "";
    }
    current += encoded;
  });
  return out + current;
}

function filePart(file: ComposeFile, disposition: "inline" | "attachment"): MimePart {
  const type = file.contentType || sniffContentType(file.data) || "application/octet-stream";
  return {
    headers: [
      `Content-Type: ${type}`,
      `Content-Disposition: ${disposition};${formatFilenameParam(file.name)}`,
      ...(file.contentId ? [`Content-ID: ${file.contentId}`] : []),
      "Content-Transfer-Encoding: base64",
    ],
    body: [base64Body(file.data)],
  };
}

// Folds only where a separator is, and never before an empty token: a continuation line of only whitespace is
// not allowed, and unfolding turns the line break plus indent back into the single separating space.
function foldHeader(name: string, tokens: string[], separator: string): string {
  let out = `${name}: `;
  let lineLength = out.length;
  tokens.forEach((token, i) => {
    if (i > 0 && token && lineLength + separator.length + token.length > HEADER_FOLD) {
      out += `${separator.trimEnd()}\r\n `;
      lineLength = 1;
    } else if (i > 0) {
      out += separator;
      lineLength += separator.length;
    }
    out += token;
    lineLength += token.length;
  });
  return `${out}\r\n`;
}

// Subject tokens, to be joined by single spaces; empty words stand for extra spaces. Decoders drop whitespace
// between adjacent encoded words and parsers trim the value, so spaces inside a run of encoded words and spaces
// at either end are encoded together with their neighbouring words.
function formatSubject(subject: string, smtputf8: boolean): string[] {
  const words = subject.split(" ");
  const nonEmpty = words.flatMap((w, i) => (w ? [i] : []));
  const first = nonEmpty[0];
  const last = nonEmpty[nonEmpty.length - 1];
  if (first === undefined || last === undefined) return encodeWords(subject);
  const encode = words.map((w, i) => (first > 0 && i <= first) || (last < words.length - 1 && i >= last) || needsEncoding(w, smtputf8));
  nonEmpty.forEach((i, k) => {
    const next = nonEmpty[k + 1];
    if (next !== undefined && encode[i] && encode[next]) encode.fill(true, i, next);
  });
  const tokens: string[] = [];
  let run: string[] = [];
  words.forEach((word, i) => {
    if (encode[i]) {
      run.push(word);
      return;
    }
    if (run.length) tokens.push(...encodeWords(run.join(" ")));
    run = [];
    tokens.push(word);
  });
  if (run.length) tokens.push(...encodeWords(run.join(" ")));
  return tokens;
}

// Words that look like encoded words are encoded themselves, or decoding would change them.
function needsEncoding(word: string, smtputf8: boolean): boolean {
  return (!smtputf8 && !isAscii(word)) || word.includes("=?") || Buffer.byteLength(word) > MAX_PLAIN_WORD;
}

function formatDisplayName(name: string): string {
  if (!isAscii(name) || name.includes("=?")) return encodeWords(name).join(" ");
  return PHRASE_ATOMS.test(name) ? name : quoteString(name);
}

// RFC 2047 Q encoding with the character set allowed in phrases, which is also safe in unstructured text.
function encodeWords(text: string): string[] {
  const encodeChar = (c: string) => (c === " " ? "_" : /^[A-Za-z0-9!*+\-/]$/.test(c) ? c : hexBytes(c, "="));
  return encodeChunks(text, encodeChar, ENCODED_WORD_TEXT).map((chunk) => `=?utf-8?q?${chunk}?=`);
}

// The parameter text after "Content-Disposition: <type>;". Printable ASCII names are written as a token or
// quoted string; others use RFC 2231 extended notation, split into continuations to keep lines short.
function formatFilenameParam(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return ` filename=${MIME_TOKEN.test(name) ? name : quoteString(name)}`;
  const segments = encodeChunks(name, (c) => (/^[A-Za-z0-9!#$&+\-.^_`|~]$/.test(c) ? c : hexBytes(c, "%")), RFC2231_SEGMENT);
  if (segments.length === 1) return `\r\n filename*=utf-8''${segments[0]}`;
  return segments.map((segment, i) => `\r\n filename*${i}*=${i ? "" : "utf-8''"}${segment}`).join(";");
}

function quoteString(s: string): string {
  return `"${s.replace(/["\\]/g, "\\$&")}"`;
}

// Encodes character by character so no chunk splits a character, packing the results into chunks of at most max.
function encodeChunks(text: string, encodeChar: (c: string) => string, max: number): string[] {
  const chunks = [""];
  for (const char of text) {
    const piece = encodeChar(char);
    if (chunks[chunks.length - 1]!.length + piece.length > max) chunks.push("");
    chunks[chunks.length - 1] += piece;
  }
  return chunks;
}

function hexBytes(char: string, prefix: string): string {
  return [...Buffer.from(char)].map((b) => prefix + b.toString(16).toUpperCase().padStart(2, "0")).join("");
}
