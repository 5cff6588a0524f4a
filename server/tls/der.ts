// DER (X.690) encoding of the few ASN.1 types a certificate needs. DER allows one encoding per value, so each
// helper produces the minimal form: signatures are over these bytes, and strict parsers reject anything else.

export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(tag), encodeLength(content.length), content]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.of(length);
  const bytes = unsignedBytes(length);
  return Buffer.concat([Buffer.of(0x80 | bytes.length), bytes]);
}

function unsignedBytes(n: number): Buffer {
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from(bytes);
}

export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

export function set(...items: Uint8Array[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

// A non-negative integer from its big-endian bytes (at least one): no redundant leading zeros, and a zero byte in
// front when the top bit is set, since that bit is the sign.
export function unsignedInteger(bigEndian: Uint8Array): Buffer {
  let start = 0;
  while (start < bigEndian.length - 1 && bigEndian[start] === 0) start++;
  const digits = bigEndian.subarray(start);
  return tlv(0x02, digits[0]! >= 0x80 ? Buffer.concat([Buffer.of(0), digits]) : digits);
}

export const TRUE = tlv(0x01, Buffer.of(0xff));

export function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number);
  const arcs = [first * 40 + second, ...rest];
  return tlv(0x06, Buffer.concat(arcs.map(base128)));
}

// Seven bits per byte, most significant first, the high bit marking "more follows".
function base128(arc: number): Buffer {
  const bytes = [arc % 128];
  for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) bytes.unshift(0x80 | rest % 128);
  return Buffer.from(bytes);
}

export function octetString(content: Uint8Array): Buffer {
  return tlv(0x04, content);
}

// The last `unusedBits` bits of the last byte are padding: DER drops trailing zero bits of a named-bit list.
export function bitString(content: Uint8Array, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.of(unusedBits), content]));
}

export function utf8String(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, "utf8"));
}

// RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; always UTC ("Z") and whole seconds.
export function time(date: Date): Buffer {
  const digits = date.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:T]/g, "");
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(0x17, Buffer.from(digits.slice(2), "ascii"));
  return tlv(0x18, Buffer.from(digits, "ascii"));
}

// Context-specific tags: [n] EXPLICIT wraps an encoded value, [n] IMPLICIT replaces a primitive's tag.
export function explicit(n: number, encoded: Uint8Array): Buffer {
  return tlv(0xa0 | n, encoded);
}

export function implicitPrimitive(n: number, content: Uint8Array): Buffer {
  return tlv(0x80 | n, content);
}
