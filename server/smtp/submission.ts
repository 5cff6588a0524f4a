// The submission listeners (587 with STARTTLS, 465 with implicit TLS; localserve 1587/1465): mail clients and
// applications authenticate with AUTH PLAIN or LOGIN over TLS, and may then send to anyone from their own
// addresses. A message becomes one queue row per recipient, as a webapi Send does, committed before the 250.
import type { SMTPServerAddress, SMTPServerAuthentication, SMTPServerDataStream, SMTPServerOptions, SMTPServerSession } from "smtp-server";
import { fromIdInLocalpart, isFromIdLogin } from "../address/fromid";
import { parseAddress, type Address } from "../address/parse";
import { sqlPool } from "../db/client";
import { AppError, errorText } from "../errors";
import { generateMessageId, formatMessageDate, needsSmtputf8 } from "../message/compose";
import { parseEnvelope } from "../message/envelope";
import { findBodyStart, firstValues, headerFields } from "../message/header";
import { extraFromHeaders } from "../message/extra-headers";
import { submittedHeaderProblem } from "../message/submitted-header";
import { isLoopback } from "../net/ip-network";
import { submitMessage } from "../queue/submit";
import type { AddressOwner } from "../store/address-owner";
import { readData } from "./data";
import { simulateLocalserveFailure } from "./localserve-errors";
import { smtpReply } from "./reply";
import { callbackOf, envelopeAddress, smtputf8Requested } from "./session";
import type { SmtpDeps } from "./smtp-deps";

// What a successful AUTH leaves on the session.
export type SubmissionUser = { accountId: number; accountName: string; loginAddress: string; fromIdLoginAddresses: string[] };

const userOf = (session: SMTPServerSession) => session.user as unknown as SubmissionUser;

export function submissionHandlers(deps: SmtpDeps): Pick<SMTPServerOptions, "onAuth" | "onMailFrom" | "onRcptTo" | "onData"> {
  return {
    onAuth: callbackOf(deps, "submit", "auth", async (auth: SMTPServerAuthentication, session: SMTPServerSession) => ({ user: await login(deps, auth, session) as never })),
    onMailFrom: callbackOf(deps, "submit", "mail", async (address: SMTPServerAddress, session: SMTPServerSession) => {
      if (address.address === "") throw smtpReply(550, "5.7.1", "submission needs a sender address, not the null sender");
      const sender = envelopeAddress(address, "sender");
      await ownedAddress(deps, userOf(session), sender, "mail from address must belong to the authenticated account");
      simulateLocalserveFailure(deps.localserve, sender.localpart, "mailfrom");
    }),
    onRcptTo: callbackOf(deps, "submit", "rcpt", async (address: SMTPServerAddress) => {
      const rcpt = envelopeAddress(address, "recipient");
      simulateLocalserveFailure(deps.localserve, rcpt.localpart, "rcptto");
    }),
    onData: callbackOf(deps, "submit", "data", async (stream: SMTPServerDataStream, session: SMTPServerSession) => {
      const raw = await readData(stream, deps.maxMessageSize);
      const ids = await submit(deps, session, raw);
      return `queued as ${ids.join(", ")}`;
    }),
  };
}

// Credentials only over TLS, except from loopback in localserve; failures count against the limiter the webapi
// uses, and a client over the limit is disconnected before its password is even looked at.
async function login(deps: SmtpDeps, auth: SMTPServerAuthentication, session: SMTPServerSession): Promise<SubmissionUser> {
  const ip = session.remoteAddress;
  if (!session.secure && !(deps.localserve && isLoopback(ip))) throw smtpReply(538, "5.7.11", "authentication requires TLS: use STARTTLS first");
  const result = await deps.authenticator.account(ip, auth.username ?? "", auth.password ?? "", deps.clock.now());
  deps.metrics.login("submission", auth.method.toLowerCase(), result);
  if (!result.ok) {
    if (result.reason === "rateLimited") throw smtpReply(421, "4.7.0", "too many failed authentication attempts, try again later");
    if (result.reason === "loginDisabled") throw smtpReply(535, "5.7.8", `login disabled: ${result.message}`);
    throw smtpReply(535, "5.7.8", "authentication credentials invalid");
  }
  const { account } = result;
  return { accountId: account.id, accountName: account.name, loginAddress: result.loginAddress, fromIdLoginAddresses: account.fromIdLoginAddresses };
}

async function ownedAddress(deps: SmtpDeps, user: SubmissionUser, address: Address, refusal: string): Promise<AddressOwner> {
  const owner = await deps.findAddressOwner(address);
  if (!owner || owner.accountId !== user.accountId) throw smtpReply(550, "5.7.1", refusal);
  if (owner.domain.disabledReason) throw smtpReply(550, "5.7.1", `domain ${owner.domain.unicodeName} is temporarily disabled: ${owner.domain.disabledReason}`);
  return owner;
}

async function submit(deps: SmtpDeps, session: SMTPServerSession, data: Buffer): Promise<bigint[]> {
  const user = userOf(session);
  const now = deps.clock.now();
  const mailFrom = parseAddress(session.envelope.mailFrom ? session.envelope.mailFrom.address : "");
  const recipients = session.envelope.rcptTo.map((a) => envelopeAddress(a, "recipient"));
  for (const r of recipients) simulateLocalserveFailure(deps.localserve, r.localpart, "data");
  const envelopeOwner = await ownedAddress(deps, user, mailFrom, "mail from address must belong to the authenticated account");
  const { raw, messageId, headerFrom, subject } = completeHeaders(data, deps.hostname, now);
  const headerOwner = await ownedAddress(deps, user, headerFrom, "message from address must belong to the authenticated account");
  const useFromId = isFromIdLogin(user.fromIdLoginAddresses, user.loginAddress);
  const clientFromId = useFromId ? await chosenFromId(deps, mailFrom, envelopeOwner, recipients.length) : "";
  const smtputf8 = smtputf8Requested(session) || needsSmtputf8([mailFrom, headerFrom, ...recipients]);
  try {
    const result = await submitMessage(deps.db, {
      account: { id: user.accountId, name: user.accountName },
      from: mailFrom,
      fromDomain: envelopeOwner.domain,
      signingDomain: headerOwner.domain,
      useFromId,
      clientFromId,
      recipients,
      raw,
      has8bit: raw.some((b) => b > 0x7f),
      smtputf8,
      messageId,
      subject,
      extra: extraFromHeaders(raw),
      requireTls: session.envelope.requireTLS ? true : null,
      futureRelease: null,
      sentCopy: null,
      received: { fromIp: session.remoteAddress, hostname: deps.hostname, protocol: `ESMTP${session.secure ? "S" : ""}A` },
      now,
    });
    await deps.kickDelivery(result.kicks).catch((err: unknown) => deps.logger.warn({ err: errorText(err) }, "could not ask for delivery"));
    return result.queued.map((q) => q.id);
  } catch (err) {
    throw submissionRefusal(err);
  }
}

function submissionRefusal(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  switch (err.code) {
    case "duplicateExtra":
      return smtpReply(554, "5.6.0", err.message);
    case "messageLimitReached":
    case "recipientLimitReached":
      return smtpReply(451, "4.7.1", err.message);
    case "user":
      return smtpReply(554, "5.7.0", err.message);
    default:
      return err;
  }
}

// A message without Message-Id or Date gets them, as the first submission server should add them (RFC 6409 8).
// A header section others could read differently is refused first, with 554 for bad data (RFC 6409 6.3).
function completeHeaders(data: Buffer, hostname: string, now: Date) {
  const problem = submittedHeaderProblem(data);
  if (problem) throw smtpReply(554, "5.6.0", problem);
  const env = parseEnvelope(data);
  const present = firstValues(headerFields(data, 0, findBodyStart(data, 0, data.length)), ["message-id", "date"]);
  if (env.from.length !== 1) throw smtpReply(550, "5.6.0", env.from.length ? "message must have exactly one from address" : "message has no from header");
  let headerFrom: Address;
  try {
    headerFrom = parseAddress(env.from[0]!.Address);
  } catch (err) {
    throw smtpReply(550, "5.6.0", `bad from address in message: ${errorText(err)}`);
  }
  const messageId = env.messageId || generateMessageId(hostname);
  const added =
    (present.has("message-id") ? "" : `Message-Id: ${messageId}\r\n`) +
    (present.has("date") ? "" : `Date: ${formatMessageDate({ instant: now, offsetMinutes: 0 })}\r\n`);
  const raw = added ? Buffer.concat([Buffer.from(added), data]) : data;
  return { raw, messageId, headerFrom, subject: env.subject };
}

// With a fromid login, a client may choose its own fromid in MAIL FROM (base+fromid@domain); it must be new.
async function chosenFromId(deps: SmtpDeps, mailFrom: Address, owner: AddressOwner, recipients: number): Promise<string> {
  const fromId = fromIdInLocalpart(mailFrom.localpart, owner.domain.localpartCatchallSeparators);
  if (!fromId) return "";
  if (recipients > 1) throw smtpReply(554, "5.5.3", "cannot send to multiple recipients with chosen fromid");
  const { rowCount } = await sqlPool(deps.db).query(
    `SELECT 1 FROM "QueueMessage" WHERE "fromId" = $1 UNION ALL SELECT 1 FROM "RetiredMessage" WHERE "fromId" = $1 LIMIT 1`,
    [fromId],
  );
  if (rowCount) throw smtpReply(554, "5.1.7", `bad fromid in smtp mail from address: fromid ${JSON.stringify(fromId)} already used`);
  return fromId;
}
