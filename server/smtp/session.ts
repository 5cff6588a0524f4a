// Pieces both listeners share: turning async handlers into smtp-server callbacks, parsing envelope addresses,
// and the Received header.
import { randomBytes } from "node:crypto";
import type { SMTPServerAddress, SMTPServerSession } from "smtp-server";
import { parseAddress, type Address } from "../address/parse";
import { errorText } from "../errors";
import type { Logger } from "../log/logger";
import { formatMessageDate } from "../message/compose";
import { SmtpReply, smtpReply } from "./reply";

type Callback<T> = (err?: Error | null, value?: T) => void;

// A handler rejects by throwing SmtpReply; anything else is our fault and becomes a temporary failure, so the
// client retries and nothing is lost.
export function callbackOf<A, T>(logger: Logger, fn: (arg: A, session: SMTPServerSession) => Promise<T>) {
  return (arg: A, session: SMTPServerSession, callback: Callback<T>): void => {
    fn(arg, session).then(
      (value) => callback(null, value),
      (err: unknown) => {
        if (err instanceof SmtpReply) return callback(err);
        logger.error({ err: errorText(err), stack: err instanceof Error ? err.stack : undefined }, "smtp handler failed");
        callback(smtpReply(451, "4.3.0", "internal error, try again later"));
      },
    );
  };
}

export function envelopeAddress(a: SMTPServerAddress, what: "sender" | "recipient"): Address {
  try {
    return parseAddress(a.address);
  } catch (err) {
    throw smtpReply(501, what === "sender" ? "5.1.7" : "5.1.3", `bad ${what} address: ${errorText(err)}`);
  }
}

export function smtputf8Requested(session: SMTPServerSession): boolean {
  const args = session.envelope.mailFrom ? (session.envelope.mailFrom.args as Record<string, unknown> | false) : false;
  return Boolean(args && args.SMTPUTF8);
}

// "for" names the recipient only when there is one, so recipients do not learn about each other.
export function receivedHeader(session: SMTPServerSession, hostname: string, now: Date, only: string | null): string {
  const id = randomBytes(9).toString("base64url");
  const protocol = `ESMTP${session.secure ? "S" : ""}${session.user ? "A" : ""}`;
  const helo = (session.hostNameAppearsAs || "unknown").replace(/[^\x21-\x7e]/g, "");
  const forClause = only ? `\r\n\tfor <${only}>` : "";
  return `Received: from ${helo} ([${session.remoteAddress}]) by ${hostname} with ${protocol} id ${id}${forClause};\r\n\t${formatMessageDate({ instant: now, offsetMinutes: 0 })}\r\n`;
}
