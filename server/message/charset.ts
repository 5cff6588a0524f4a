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

// Decoded bytes are carried as a "binary" string (one char per byte), which is much cheaper than a Buffer per
// word when a hostile header holds millions of words.
type Pending = { charset: string; bytes: string };

// RFC 2047. Whitespace between adjacent encoded-words is dropped, and adjacent words in the same charset are
// decoded together because encoders split multi-byte characters across words.
export function decodeEncodedWords(input: string): string {
  if (!input.includes("=?")) return input;
  const out: string[] = [];
  let last = 0;
  let pending: Pending | null = null;
  for (const m of input.matchAll(ENCODED_WORD)) {
    const between = input.slice(last, m.index);
    const adjacent = ONLY_SPACE.test(between);
    // "*lang" is RFC 2231's language suffix on the charset.
    const charset = m[1]!.split("*")[0]!.toLowerCase();
    if (!pending || !adjacent || pending.charset !== charset) {
      if (pending) out.push(flush(pending));
      if (!pending || !adjacent) out.push(between);
      pending = { charset, bytes: "" };
    }
    pending.bytes += m[2] === "b" || m[2] === "B" ? decodeWordBase64(m[3]!) : decodeWordQ(m[3]!);
    last = m.index + m[0].length;
  }
  if (pending) out.push(flush(pending));
  out.push(input.slice(last));
  return out.join("");
}

function flush(pending: Pending): string {
  return withoutNul(decodeCharset(Buffer.from(pending.bytes, "latin1"), pending.charset));
}

function decodeWordBase64(text: string): string {
  return Buffer.from(text, "base64").toString("latin1");
}

function decodeWordQ(text: string): string {
  return unescapeHex(text.replaceAll("_", " "), "=");
}

const HEX_ESCAPES = { "=": /=([0-9A-Fa-f]{2})/g, "%": /%([0-9A-Fa-f]{2})/g };

// "=XX" (Q encoding) or "%XX" (RFC 2231) to bytes, as a binary string; a marker without two hex digits stays
// literal. Characters beyond ASCII, which do not belong there, are kept as their UTF-8 bytes.
export function unescapeHex(text: string, marker: "=" | "%"): string {
  const binary = /[^\p{ASCII}]/u.test(text) ? Buffer.from(text, "utf8").toString("latin1") : text;
  return binary.replace(HEX_ESCAPES[marker], (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
