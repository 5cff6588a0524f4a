// Turning bytes in a declared charset, and RFC 2047 encoded-words, into JavaScript strings. Unknown or broken
// input never fails: it degrades to UTF-8 with replacement characters.
import iconv from "iconv-lite";

// Mail labelled ASCII that contains 8-bit bytes is in practice UTF-8, and UTF-8 is ASCII's superset anyway.
const UTF8_LABELS = new Set(["", "utf-8", "utf8", "us-ascii", "ascii", "unicode-1-1-utf-8"]);

export function decodeCharset(bytes: Buffer, charset: string): string {
  const label = charset.trim().toLowerCase();
  if (!UTF8_LABELS.has(label)) {
    const decoded = decodeWithIconv(bytes, label) ?? decodeWithTextDecoder(bytes, label);
    if (decoded !== undefined) return decoded;
  }
  return bytes.toString("utf8");
}

function decodeWithIconv(bytes: Buffer, label: string): string | undefined {
  try {
    if (!iconv.encodingExists(label)) return undefined;
    // Round trip through UTF-8: iconv-lite can emit lone surrogates (odd UTF-16), which PostgreSQL rejects.
    return Buffer.from(iconv.decode(bytes, label), "utf8").toString("utf8");
  } catch {
    // iconv-lite resolves labels by property lookup, so names like "constructor" pass encodingExists and then fail.
    return undefined;
  }
}

// ICU knows a few charsets iconv-lite does not, such as iso-2022-jp.
function decodeWithTextDecoder(bytes: Buffer, label: string): string | undefined {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return undefined;
  }
}

// PostgreSQL text and jsonb cannot hold NUL, and header-derived strings are stored in both.
export function withoutNul(s: string): string {
  return s.includes("\0") ? s.replaceAll("\0", "\uFFFD") : s;
}

// Each match ends at the first "?" after its start, so scanning garbage full of "=?" stays linear.
const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
const ONLY_SPACE = /^[ \t\r\n]*$/;

type Pending = { charset: string; chunks: Buffer[] };

// RFC 2047. Whitespace between adjacent encoded-words is dropped, and adjacent words in the same charset are
// decoded together because encoders split multi-byte characters across words.
export function decodeEncodedWords(input: string): string {
  if (!input.includes("=?")) return input;
  let out = "";
  let last = 0;
  let pending: Pending | null = null;
  for (const m of input.matchAll(ENCODED_WORD)) {
    const between = input.slice(last, m.index);
    // "*lang" is RFC 2231's language suffix on the charset.
    const charset = m[1]!.split("*")[0]!.toLowerCase();
    if (!pending || !ONLY_SPACE.test(between) || pending.charset !== charset) {
      out += flush(pending) + (pending && ONLY_SPACE.test(between) ? "" : between);
      pending = { charset, chunks: [] };
    }
    pending.chunks.push(m[2]!.toLowerCase() === "b" ? decodeWordBase64(m[3]!) : decodeWordQ(m[3]!));
    last = m.index + m[0].length;
  }
  return out + flush(pending) + input.slice(last);
}

function flush(pending: Pending | null): string {
  return pending ? withoutNul(decodeCharset(Buffer.concat(pending.chunks), pending.charset)) : "";
}

function decodeWordBase64(text: string): Buffer {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/]/g, ""), "base64");
}

function decodeWordQ(text: string): Buffer {
  return decodePercentLike(text.replaceAll("_", " "), "=");
}

// Shared by Q encoding ("=XX") and RFC 2231 values ("%XX"); a marker not followed by two hex digits stays literal.
export function decodePercentLike(text: string, marker: "=" | "%"): Buffer {
  const src = Buffer.from(text, "utf8");
  const out = Buffer.alloc(src.length);
  const markerByte = marker.charCodeAt(0);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const value = src[i] === markerByte ? hexByte(src, i + 1) : -1;
    if (value >= 0) {
      out[n++] = value;
      i += 2;
    } else {
      out[n++] = src[i]!;
    }
  }
  return out.subarray(0, n);
}

export function hexByte(buf: Buffer, at: number): number {
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
