// Writing MIME entities: the pieces that Send's composer and the DSN composer share.
import { randomBytes } from "node:crypto";

// A MIME entity: its header lines (without CRLF) and its encoded body.
export type MimePart = { headers: string[]; body: Buffer };

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

export function serializePart(part: MimePart): Buffer {
  return Buffer.concat([Buffer.from(part.headers.map((h) => `${h}\r\n`).join("") + "\r\n"), part.body]);
}

// The boundary must not occur in any part; random bytes make a clash unlikely and the check makes it impossible.
export function pickBoundary(parts: MimePart[], random: () => string = () => randomBytes(30).toString("hex")): string {
  for (;;) {
    const boundary = random();
    if (!parts.some((p) => p.body.includes(boundary))) return boundary;
  }
}

// The body of a multipart entity: each part after a delimiter line, then the close delimiter.
export function multipartBody(boundary: string, parts: MimePart[]): Buffer {
  const chunks = parts.flatMap((p, i) => [Buffer.from(`${i ? "\r\n" : ""}--${boundary}\r\n`), serializePart(p)]);
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
