// Writing MIME entities: the pieces that Send's composer and the DSN composer share.
import { randomBytes } from "node:crypto";

// A MIME entity: its header lines (without CRLF) and its encoded body as a list of chunks, so that nesting parts
// copies no bytes: a message is concatenated once, at the end (entityBytes).
export type MimePart = { headers: string[]; body: Buffer[] };

const BASE64_LINE = 76;

// Written line by line into one buffer: no string of the whole encoding, no array of its lines.
export function base64Body(data: Buffer): Buffer {
  const perLine = (BASE64_LINE / 4) * 3;
  const lines = Math.ceil(data.length / perLine);
  const out = Buffer.allocUnsafe(Math.ceil(data.length / 3) * 4 + lines * 2);
  let at = 0;
  for (let i = 0; i < data.length; i += perLine) {
    at += out.write(data.toString("base64", i, Math.min(i + perLine, data.length)), at, "latin1");
    at += out.write("\r\n", at, "latin1");
  }
  return out;
}

export function serializePart(part: MimePart): Buffer[] {
  return [Buffer.from(part.headers.map((h) => `${h}\r\n`).join("") + "\r\n"), ...part.body];
}

// The boundary must not occur in any part; random bytes make a clash unlikely and the check makes it impossible.
// Checking chunk by chunk is exact: boundaries hold no CR or LF, and every chunk edge touches a CRLF (header
// sections and delimiter lines end with one, delimiter lines start with one).
export function pickBoundary(parts: MimePart[], random: () => string = () => randomBytes(30).toString("hex")): string {
  for (;;) {
    const boundary = random();
    if (!parts.some((p) => p.body.some((chunk) => chunk.includes(boundary)))) return boundary;
  }
}

// The body of a multipart entity: each part after a delimiter line, then the close delimiter.
export function multipartBody(boundary: string, parts: MimePart[]): Buffer[] {
  const chunks = parts.flatMap((p, i) => [Buffer.from(`${i ? "\r\n" : ""}--${boundary}\r\n`), ...serializePart(p)]);
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return chunks;
}

// A whole message: its header lines (each CRLF-terminated), the empty line, then the body, in one copy.
export function entityBytes(headerLines: string[], body: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(`${headerLines.join("")}\r\n`), ...body]);
}
