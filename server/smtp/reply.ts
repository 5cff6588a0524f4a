// SMTP error replies with their own enhanced status code (RFC 3463). Handlers reject by throwing smtpReply(...);
// the listeners turn it into the callback error smtp-server expects.
import { SMTPConnection } from "smtp-server/lib/smtp-connection.js";
import { fitReplyText } from "./reply-line";

export class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    readonly enhancedCode: string,
    text: string,
  ) {
    // smtp-server writes the message as the reply text; the enhanced code leads it (see the patch below).
    super(`${enhancedCode} ${text}`);
    this.name = "SmtpReply";
  }
}

export function smtpReply(code: number, enhancedCode: string, text: string): SmtpReply {
  return new SmtpReply(code, enhancedCode, text);
}

// smtp-server derives the enhanced code of an error reply from the reply code alone (550 is always 5.1.1), but
// a relay refusal is 5.7.1 and a duplicate X-Mox-Extra key 5.6.0. A reply text that starts with an enhanced
// code is written as given, without a second one; everything else is left to smtp-server. Every one-line
// reply is also fitted into RFC 5321's 512 bytes.
const LEADING_CODE = /^[245]\.\d{1,3}\.\d{1,3} /;

type Send = (this: { _useEnhancedStatusCodes(): boolean }, code: number, data: unknown, context?: unknown) => void;
const proto = SMTPConnection.prototype as unknown as { send: Send; __ownReplies?: true };
if (!proto.__ownReplies) {
  const original = proto.send;
  proto.send = function (code, data, context) {
    if (typeof data !== "string") return original.call(this, code, data, context);
    const text = fitReplyText(data);
    if (code < 400 || !LEADING_CODE.test(text)) return original.call(this, code, text, context);
    if (this._useEnhancedStatusCodes()) return original.call(this, code, text, false);
    return original.call(this, code, text.replace(LEADING_CODE, ""), context);
  };
  proto.__ownReplies = true;
}
