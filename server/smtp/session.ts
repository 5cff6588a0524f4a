// Pieces both listeners share: turning async handlers into smtp-server callbacks (each command counted with
// its reply), parsing envelope addresses, and the Received header.
import { randomBytes } from "node:crypto";
import type { SMTPServerAddress, SMTPServerSession } from "smtp-server";
import { parseAddress, type Address } from "../address/parse";
import { errorText } from "../errors";
import type { Metrics, SmtpKind } from "../metrics/metrics";
import type { Logger } from "../log/logger";
import { formatMessageDate } from "../message/compose";
import { SmtpReply, smtpReply } from "./reply";

type Callback<T> = (err?: Error | null, value?: T) => void;

// The commands we handle, with the reply smtp-server gives when the handler accepts.
const ACCEPTED = { auth: [235, "2.7.0"], mail: [250, "2.1.0"], rcpt: [250, "2.1.5"], data: [250, "2.6.0"] } as const;
export type SmtpCommand = keyof typeof ACCEPTED;

// A handler rejects by throwing SmtpReply; anything else is our fault and becomes a temporary failure, so the
// client retries and nothing is lost. The command's duration and reply are counted, and for DATA the message.
export function callbackOf<A, T>(deps: { logger: Logger; metrics: Metrics }, kind: SmtpKind, cmd: SmtpCommand, fn: (arg: A, session: SMTPServerSession) => Promise<T>) {
  return (arg: A, session: SMTPServerSession, callback: Callback<T>): void => {
    const started = performance.now();
    const answered = (code: number, ecode: string) => {
      deps.metrics.smtpCommand(kind, cmd, code, ecode, (performance.now() - started) / 1000);
      if (cmd === "data") deps.metrics.smtpMessage(kind, code < 400 ? "accepted" : code < 500 ? "deferred" : "refused");
    };
    fn(arg, session).then(
      (value) => {
        const [code, ecode] = ACCEPTED[cmd];
        answered(code, ecode);
        callback(null, value);
      },
      (err: unknown) => {
        const reply = err instanceof SmtpReply ? err : internalError(deps.logger, err);
        answered(reply.responseCode, reply.enhancedCode);
        callback(reply);
      },
    );
  };
}

function internalError(logger: Logger, err: unknown): SmtpReply {
  logger.error({ err: errorText(err), stack: err instanceof Error ? err.stack : undefined }, "smtp handler failed");
  return smtpReply(451, "4.3.0", "internal error, try again later");
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
