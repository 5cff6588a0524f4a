// The SMTP reply code and short enhanced status code (without the class digit) a DSN recipient reports, spec
// 7.1 "Codes". This reproduces mox's reading exactly, odd corners included, because the codes decide
// suppressions and are shown to webhook consumers who compare them with mox.
import type { DsnRecipient } from "./parse";

export type SmtpCodes = { code: number; secode: string };

export function smtpCodesFromDsn(r: DsnRecipient): SmtpCodes {
  const fromReply = codesFromReply(r.diagnosticCode);
  // "000" counts as no code: the Status fallback then overrides, but a secode read from the reply survives a
  // Status that is not 4.x or 5.x.
  if (fromReply.code !== 0) return fromReply;
  return codesFromStatus(r.status) ?? fromReply;
}

const NONE: SmtpCodes = { code: 0, secode: "" };

// "<3 digits> <second token> ...". Only a space separates tokens, so a multi-line reply written as
// "550-5.7.1 ..." yields nothing. mox meant to refuse codes of 600 and more but its check never fires; any three
// digits are taken. The second token gives the secode only when it starts with "4." or "5.", whatever the
// reply code's class, and is not checked further.
function codesFromReply(reply: string): SmtpCodes {
  const space = reply.indexOf(" ");
  if (space < 0) return NONE;
  const number = reply.slice(0, space);
  if (!/^[0-9]{3}$/.test(number)) return NONE;
  const next = reply.indexOf(" ", space + 1);
  const token = reply.slice(space + 1, next < 0 ? reply.length : next);
  const secode = token.startsWith("4.") || token.startsWith("5.") ? token.slice(2) : "";
  return { code: Number(number), secode };
}

// Only failures get a code from the Status: 2.x.x means no code.
function codesFromStatus(status: string): SmtpCodes | null {
  if (status.startsWith("4.")) return { code: 400, secode: status.slice(2) };
  if (status.startsWith("5.")) return { code: 500, secode: status.slice(2) };
  return null;
}
