// Content sniffing after the WHATWG MIME sniffing signatures, with the same set and order Go's
// http.DetectContentType uses, so attachments get the types mox would give them. Only the first 512 bytes count.

const HTML_TAGS = ["!DOCTYPE HTML", "HTML", "HEAD", "SCRIPT", "IFRAME", "H1", "DIV", "FONT", "TABLE", "A", "STYLE", "TITLE", "B", "BODY", "BR", "P", "!--"];

// Each signature is a set of byte strings (latin1) that must be found at the given offsets; bytes in between
// are free, which covers the masked RIFF/FORM containers and the embedded OpenType "LP" at offset 34.
const SIGNATURES: [type: string, at: Record<number, string>][] = [
  ["application/pdf", { 0: "%PDF-" }],
  ["application/postscript", { 0: "%!PS-Adobe-" }],
  ["text/plain; charset=utf-16be", { 0: "\xfe\xff" }],
  ["text/plain; charset=utf-16le", { 0: "\xff\xfe" }],
  ["text/plain; charset=utf-8", { 0: "\xef\xbb\xbf" }],
  ["image/x-icon", { 0: "\x00\x00\x01\x00" }],
  ["image/x-icon", { 0: "\x00\x00\x02\x00" }],
  ["image/bmp", { 0: "BM" }],
  ["image/gif", { 0: "GIF87a" }],
  ["image/gif", { 0: "GIF89a" }],
  ["image/webp", { 0: "RIFF", 8: "WEBPVP" }],
  ["image/png", { 0: "\x89PNG\r\n\x1a\n" }],
  ["image/jpeg", { 0: "\xff\xd8\xff" }],
  ["audio/aiff", { 0: "FORM", 8: "AIFF" }],
  ["audio/mpeg", { 0: "ID3" }],
  ["application/ogg", { 0: "OggS\x00" }],
  ["audio/midi", { 0: "MThd\x00\x00\x00\x06" }],
  ["video/avi", { 0: "RIFF", 8: "AVI " }],
  ["audio/wave", { 0: "RIFF", 8: "WAVE" }],
  ["video/webm", { 0: "\x1a\x45\xdf\xa3" }],
  ["application/vnd.ms-fontobject", { 34: "LP" }],
  ["font/ttf", { 0: "\x00\x01\x00\x00" }],
  ["font/otf", { 0: "OTTO" }],
  ["font/collection", { 0: "ttcf" }],
  ["font/woff", { 0: "wOFF" }],
  ["font/woff2", { 0: "wOF2" }],
  ["application/x-gzip", { 0: "\x1f\x8b\x08" }],
  ["application/zip", { 0: "PK\x03\x04" }],
  ["application/x-rar-compressed", { 0: "Rar!\x1a\x07\x00" }],
  ["application/x-rar-compressed", { 0: "Rar!\x1a\x07\x01\x00" }],
  ["application/wasm", { 0: "\x00asm" }],
];

// Returns "" when nothing more specific than application/octet-stream can be said.
export function sniffContentType(data: Buffer): string {
  const head = data.subarray(0, 512);
  const text = head.toString("latin1");
  const markup = text.replace(/^[\t\n\f\r ]+/, "");
  if (isHtml(markup)) return "text/html; charset=utf-8";
  if (markup.startsWith("<?xml")) return "text/xml; charset=utf-8";
  const found = SIGNATURES.find(([, at]) => Object.entries(at).every(([offset, bytes]) => text.startsWith(bytes, Number(offset))));
  if (found) return found[0];
  if (isMp4(head)) return "video/mp4";
  return head.some(isBinaryByte) ? "" : "text/plain; charset=utf-8";
}

// Tags match case-insensitively and only when followed by a space or ">", so "<br" does not match "<b".
function isHtml(markup: string): boolean {
  return HTML_TAGS.some((tag) => {
    const end = markup.charAt(tag.length + 1);
    return markup.slice(0, tag.length + 1).toUpperCase() === `<${tag}` && (end === " " || end === ">");
  });
}

// An ISO base media file whose ftyp box lists an "mp4" brand; the minor version at offset 12 is not a brand.
function isMp4(head: Buffer): boolean {
  if (head.length < 12) return false;
  const boxSize = head.readUInt32BE(0);
  if (head.length < boxSize || boxSize % 4 !== 0 || head.toString("latin1", 4, 8) !== "ftyp") return false;
  for (let offset = 8; offset + 3 <= boxSize; offset += 4) {
    if (offset !== 12 && head.toString("latin1", offset, offset + 3) === "mp4") return true;
  }
  return false;
}

// Control bytes that never occur in text; tab, line feed, form feed, carriage return and escape do.
function isBinaryByte(b: number): boolean {
  return b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f);
}
