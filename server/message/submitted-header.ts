// What the header section of a submitted message must be so that we and every hop after us read the same fields.
// We check the first From and take the first Subject and Message-ID, while DKIM signs the last instance of a
// field (RFC 6376 5.4.2) and mail clients show either: a repeated field is how a second From gets past the
// ownership check. Line ends must agree too: our SMTP client sends a bare CR as CRLF, so the next hop sees a
// line where our parser sees none. A bare LF needs no check: our parser ends the line there, and the client
// sends it as CRLF.
import { findBodyStart, headerFields } from "./header";

const CR = 0x0d;
const LF = 0x0a;

// RFC 5322 3.6: the fields a message may have at most once, as the table writes them. Trace, resent, comments,
// keywords and optional fields may repeat.
const AT_MOST_ONCE = ["Date", "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Message-ID", "In-Reply-To", "References", "Subject"];
const DISPLAY_NAMES = new Map(AT_MOST_ONCE.map((name) => [name.toLowerCase(), name]));

// Why the header section is refused, or null when it is fine.
export function submittedHeaderProblem(raw: Buffer): string | null {
  const bodyStart = findBodyStart(raw, 0, raw.length);
  const header = raw.subarray(0, bodyStart);
  return endProblem(raw, header) ?? bareCrProblem(header) ?? repeatProblem(header);
}

// Like mox, submission wants the empty line that ends the header. Without it, a line that is not a field ends
// our header early, and a hop that skips such lines reads the fields after it as header.
function endProblem(raw: Buffer, header: Buffer): string | null {
  if (endsWithEmptyLine(header)) return null;
  if (header.length === raw.length) return "message requires both header and body section";
  return "message header ends at a line that is not a header field: put an empty line between header and body";
}

function endsWithEmptyLine(header: Buffer): boolean {
  const n = header.length;
  if (n === 0 || header[n - 1] !== LF) return false;
  if (n === 1 || header[n - 2] === LF) return true;
  return header[n - 2] === CR && (n === 2 || header[n - 3] === LF);
}

function bareCrProblem(header: Buffer): string | null {
  for (let at = header.indexOf(CR); at >= 0; at = header.indexOf(CR, at + 1)) {
    if (header[at + 1] !== LF) return "message header has a bare CR (not followed by LF): header lines must end in CRLF";
  }
  return null;
}

function repeatProblem(header: Buffer): string | null {
  const counts = new Map<string, number>();
  for (const f of headerFields(header, 0, header.length)) {
    if (DISPLAY_NAMES.has(f.name)) counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
  }
  for (const [name, count] of counts) {
    if (count > 1) return `message has ${count} ${DISPLAY_NAMES.get(name)} headers; at most 1 allowed (RFC 5322 3.6)`;
  }
  return null;
}
