// DSNs (RFC 3464, RFC 6533 for the UTF-8 forms) that the queue delivers into a local sender's mailbox, spec §3.3
// and §7.2. Everything interpolated comes from remote servers or stored messages, so nothing here throws: odd
// input is cleaned up or left out instead.
import { randomBytes } from "node:crypto";
import { isIPv6 } from "node:net";
import { formatMessageDate, generateMessageId } from "../message/compose";
import { base64Body, entityBytes, multipartBody, pickBoundary, type MimePart } from "../message/mime-writer";

export type DsnRecipient = {
  recipient: string; // address as queued (Unicode form allowed)
  action: "failed" | "delayed";
  status: string; // "X.Y.Z"; "" (or anything not of that form) => 5.0.0 for failed, 4.0.0 for delayed
  errorText: string; // last error, in the Status comment and the human text
  remoteMta?: { name: string; ip: string };
  responseLines: string[]; // SMTP response lines of the last attempt, if any
  lastAttempt: Date | null;
  willRetryUntil?: Date; // only written for delayed recipients
};
export type DsnInput = {
  hostname: string; // ours: Reporting-MTA, From postmaster@, Message-Id domain
  sender: string; // the local sender that receives the DSN
  kind: "failed" | "delayed";
  queued: Date;
  futureReleaseRequest: string; // "" or e.g. "until;2026-..."
  originalMessageId: string; // "<...>" or ""
  originalHeaders: Buffer; // header section of the original; anything after its blank line is ignored
  smtputf8: boolean; // the original needed SMTPUTF8
  recipients: DsnRecipient[];
  now: Date;
};


const MAX_LINE = 998; // RFC 5322, octets without CRLF
const FOLD_WIDTH = 77; // RFC 5322 recommends 78 characters; continuation lines start with a space
const TEXT_WIDTH = 76;
const INDENTED_WIDTH = 68; // plus a tab
// Longer words are split so that, with a field name or indent before them, lines stay within MAX_LINE.
const MAX_WORD = 900;
// The original headers only help to recognise the message; a huge header section is cut at a line boundary.
const MAX_ORIGINAL_HEADERS = 64 * 1024;

export function dsnSubject(kind: "failed" | "delayed"): string {
  return kind === "failed" ? "mail delivery failed" : "mail delivery delayed";
}

export function composeDsn(input: DsnInput): Buffer {
  const utf8 = isUtf8Dsn(input);
  const parts = [humanPart(input, utf8), statusPart(input, utf8), ...originalHeadersPart(input, utf8)];
  // "=_" cannot occur in base64 or quoted-printable text.
  const boundary = pickBoundary(parts, () => `=_${randomBytes(24).toString("base64url")}`);
  return entityBytes(messageHeaders(input, boundary), multipartBody(boundary, parts));
}

// RFC 6533: a DSN about a UTF-8 address must use the global types, which may carry UTF-8 unencoded.
function isUtf8Dsn(input: DsnInput): boolean {
  return !isAscii(input.sender) || input.recipients.some((r) => !isAscii(r.recipient));
}

function messageHeaders(input: DsnInput, boundary: string): string[] {
  const host = clean(input.hostname);
  const references = clean(input.originalMessageId);
  return [
    field("From", `<postmaster@${host}>`),
    field("To", `<${clean(input.sender)}>`),
    field("Subject", dsnSubject(input.kind)),
    field("Message-Id", generateMessageId(host)),
    ...(references ? [field("References", references)] : []),
    field("Date", formatDate(isValidDate(input.now) ? input.now : new Date())),
    "MIME-Version: 1.0\r\n",
    `Content-Type: multipart/report; report-type="delivery-status"; boundary="${boundary}"\r\n`,
  ];
}

function humanPart(input: DsnInput, utf8: boolean): MimePart {
  const text = crlfLines(input.kind === "failed" ? failedText(input) : delayedText(input));
  // An error text from a remote server may be UTF-8 even when the DSN itself is ASCII.
  if (!utf8 && isAscii(text)) return { headers: ["Content-Type: text/plain", "Content-Transfer-Encoding: 7bit"], body: [Buffer.from(text)] };
  return { headers: ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"], body: [Buffer.from(text)] };
}

function failedText(input: DsnInput): string[] {
  return [
    ...paragraph("Delivery has failed permanently for your email to:"),
    "",
    ...input.recipients.flatMap((r) => indented(r.recipient)),
    "",
    ...paragraph("No further delivery attempts will be made."),
    ...errorSections(input.recipients),
  ];
}

// The queue's backoff doubles after every attempt, so the text gives the end of retrying rather than a schedule.
function delayedText(input: DsnInput): string[] {
  return [
    ...paragraph("Delivery of your email has been delayed. It has not yet been delivered to:"),
    "",
    ...input.recipients.flatMap((r) => indented(r.recipient)),
    "",
    ...paragraph(
      `Delivery attempts continue, at growing intervals${retryUntilText(input.recipients)}. If delivery fails permanently, you will receive another notice.`,
    ),
    ...errorSections(input.recipients),
  ];
}

function retryUntilText(recipients: DsnRecipient[]): string {
  const times = recipients.flatMap((r) => (isValidDate(r.willRetryUntil) ? [r.willRetryUntil.getTime()] : []));
  if (!times.length) return "";
  const latest = Math.max(...times);
  return `, until ${formatDate(new Date(latest))}${times.every((t) => t === latest) ? "" : " at the latest"}`;
}

function errorSections(recipients: DsnRecipient[]): string[] {
  return recipients.flatMap((r) => {
    const about = recipients.length > 1 ? ` to ${clean(r.recipient)}` : "";
    const lines = ["", ...paragraph(`Error during the last delivery attempt${about}:`), "", ...indented(r.errorText || "(unknown)")];
    if (!r.responseLines.length) return lines;
    return [...lines, "", ...paragraph("Full SMTP response:"), "", ...r.responseLines.flatMap(indented)];
  });
}

function paragraph(text: string): string[] {
  return wrap(clean(text), TEXT_WIDTH);
}

function indented(text: string): string[] {
  return wrap(clean(text), INDENTED_WIDTH).map((line) => `\t${line}`);
}

function statusPart(input: DsnInput, utf8: boolean): MimePart {
  const perMessage = [
    field("Reporting-MTA", `dns; ${statusText(input.hostname, utf8)}`),
    ...dateField("Arrival-Date", input.queued),
    ...(input.futureReleaseRequest ? [field("Future-Release-Request", statusText(input.futureReleaseRequest, utf8))] : []),
  ];
  const blocks = [perMessage, ...input.recipients.map((r) => recipientFields(r, utf8))];
  const body = [Buffer.from(blocks.map((b) => b.join("")).join("\r\n"))];
  if (utf8) return { headers: ["Content-Type: message/global-delivery-status", "Content-Transfer-Encoding: 8bit"], body };
  return { headers: ["Content-Type: message/delivery-status", "Content-Transfer-Encoding: 7bit"], body };
}

function recipientFields(r: DsnRecipient, utf8: boolean): string[] {
  const comment = statusText(r.errorText, utf8);
  const status = statusCode(r);
  const diagnostic = statusText(r.responseLines.join(" "), utf8);
  return [
    field("Final-Recipient", `${utf8 ? "utf-8" : "rfc822"};${statusText(r.recipient, utf8)}`),
    field("Action", r.action),
    // Parentheses and backslashes are quoted so the error text cannot end or nest the comment.
    field("Status", comment ? `${status} (${comment.replace(/[\\()]/g, "\\$&")})` : status),
    ...remoteMtaField(r.remoteMta, utf8),
    ...(diagnostic ? [field("Diagnostic-Code", `smtp; ${diagnostic}`)] : []),
    ...dateField("Last-Attempt-Date", r.lastAttempt),
    ...(r.action === "delayed" ? dateField("Will-Retry-Until", r.willRetryUntil) : []),
  ];
}

// RFC 3463 syntax; the field is required, so anything else is replaced by the generic code for the action.
function statusCode(r: DsnRecipient): string {
  if (/^[245]\.\d{1,3}\.\d{1,3}$/.test(r.status)) return r.status;
  return r.action === "failed" ? "5.0.0" : "4.0.0";
}

function remoteMtaField(mta: DsnRecipient["remoteMta"], utf8: boolean): string[] {
  const name = statusText(mta?.name ?? "", utf8);
  const ip = statusText(mta?.ip ?? "", utf8);
  if (name) return [field("Remote-MTA", ip ? `dns;${name} (${ip})` : `dns;${name}`)];
  // Without a name, the IP as an address literal is the MTA's name.
  if (ip) return [field("Remote-MTA", `dns;[${isIPv6(ip) ? "IPv6:" : ""}${ip}]`)];
  return [];
}

function dateField(name: string, date: Date | null | undefined): string[] {
  return isValidDate(date) ? [field(name, formatDate(date))] : [];
}

// Text for the delivery-status part: one line, and US-ASCII unless the part is the global (UTF-8) form.
function statusText(text: string, utf8: boolean): string {
  const cleaned = clean(text);
  return utf8 ? cleaned : cleaned.replace(/[^\x20-\x7e]/gu, "?");
}

function originalHeadersPart(input: DsnInput, utf8: boolean): MimePart[] {
  const lines = headerLines(input.originalHeaders);
  if (!lines.length) return [];
  const data = Buffer.from(crlfLines(lines), "latin1");
  // 7bit and 8bit both limit line length and forbid NUL; base64 carries anything.
  const transportSafe = lines.every((l) => l.length <= MAX_LINE) && !data.includes(0);
  const base64 = !transportSafe || (!utf8 && (input.smtputf8 || data.some((b) => b >= 0x80)));
  const type = utf8 ? "message/global-headers" : base64 ? "text/rfc822-headers; charset=utf-8" : "text/rfc822-headers";
  const encoding = base64 ? "base64" : utf8 ? "8bit" : "7bit";
  return [{ headers: [`Content-Type: ${type}`, `Content-Transfer-Encoding: ${encoding}`], body: [base64 ? base64Body(data) : data] }];
}

// Lines of the header section (latin1 strings, so every byte survives), up to its blank line and at most
// MAX_ORIGINAL_HEADERS octets once written with CRLF. Only the start of the buffer is read, as the caller may
// pass a whole message; a line cut off there cannot fit within the limit, as CRLF makes it longer than what was read.
function headerLines(raw: Buffer): string[] {
  const lines: string[] = [];
  let size = 0;
  for (const line of raw.subarray(0, MAX_ORIGINAL_HEADERS).toString("latin1").split(/\r\n|\r|\n/)) {
    size += line.length + 2;
    if (!line || size > MAX_ORIGINAL_HEADERS) break;
    lines.push(line);
  }
  return lines;
}

// A header field, folded at spaces to keep lines short; words too long for any line are split.
function field(name: string, value: string): string {
  return crlfLines([wrap(`${name}: ${value}`, FOLD_WIDTH).join("\r\n ")]);
}

// Greedy word wrap by octets. Runs of spaces collapse, so a fold never leaves a line of only whitespace.
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ").filter(Boolean).flatMap(splitLongWord)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && octets(last) + 1 + octets(word) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

function splitLongWord(word: string): string[] {
  if (octets(word) <= MAX_WORD) return [word];
  const pieces = [""];
  let size = 0;
  for (const char of word) {
    const n = octets(char);
    if (size + n > MAX_WORD) {
      pieces.push("");
      size = 0;
    }
    pieces[pieces.length - 1] += char;
    size += n;
  }
  return pieces;
}

// Control characters (line breaks and tabs included) become spaces: texts end up inside single lines.
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, " ").replace(/ +/g, " ").trim();
}

function crlfLines(lines: string[]): string {
  return lines.map((l) => `${l}\r\n`).join("");
}

function formatDate(date: Date): string {
  return formatMessageDate({ instant: date, offsetMinutes: 0 });
}

function isValidDate(date: Date | null | undefined): date is Date {
  return date instanceof Date && !Number.isNaN(date.getTime());
}

function isAscii(text: string): boolean {
  return !/[\u0080-\uffff]/.test(text);
}

function octets(text: string): number {
  return Buffer.byteLength(text);
}
