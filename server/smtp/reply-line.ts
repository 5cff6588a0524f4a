// RFC 5321 4.5.3.1.5: a reply line is at most 512 bytes with its code and CRLF. Reply texts can grow with the
// transaction (the ids of a message to 100 recipients) or carry a client's input, so every one-line reply is
// fitted before it is written.
const RESERVED = "250 ".length + "5.123.123 ".length + "\r\n".length;
export const MAX_REPLY_TEXT = 512 - RESERVED;

const bytes = (s: string) => Buffer.byteLength(s);

// A list ("queued as 1, 2, 3") keeps the items that fit and says how many it leaves out; other text is cut.
export function fitReplyText(text: string): string {
  if (bytes(text) <= MAX_REPLY_TEXT) return text;
  const items = text.split(", ");
  return items.length > 1 ? fitList(items) : cut(text);
}

const summary = (left: number) => ` and ${left} more`;

function fitList(items: string[]): string {
  const separator = bytes(", ");
  let kept = 0;
  let length = bytes(items[0]!);
  for (let n = 1; n < items.length && length + bytes(summary(items.length - n)) <= MAX_REPLY_TEXT; n++) {
    kept = n;
    length += separator + bytes(items[n]!);
  }
  return kept === 0 ? cut(items.join(", ")) : items.slice(0, kept).join(", ") + summary(items.length - kept);
}

// Cuts at a character boundary, so the line stays valid UTF-8.
function cut(text: string): string {
  let length = 0;
  let end = 0;
  for (const ch of text) {
    length += bytes(ch);
    if (length > MAX_REPLY_TEXT - "...".length) break;
    end += ch.length;
  }
  return `${text.slice(0, end)}...`;
}
