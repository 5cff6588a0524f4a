// The incoming listener (port 25; localserve 1025): mail for our own addresses only. Unknown domains are refused
// at RCPT TO as relaying, unknown addresses as unknown users. A message is checked (SPF, DKIM, DMARC), stored
// in each recipient's mailbox and committed before the 250; its post-processing runs later, in a worker.
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerOptions, SMTPServerSession } from "smtp-server";
import { formatAddress } from "../address/parse";
import { sqlPool } from "../db/client";
import { AppError, errorText } from "../errors";
import { authenticateMessage } from "../incoming/authenticate";
import { deliverReceived, type ReceivedCopy } from "../incoming/deliver";
import { findPostmaster } from "../store/address-owner";
import { prepareMessage } from "../store/message-append";
import { readData } from "./data";
import { simulateLocalserveFailure } from "./localserve-errors";
import { smtpReply } from "./reply";
import { callbackOf, envelopeAddress, receivedHeader } from "./session";
import type { SmtpDeps } from "./smtp-deps";

export function incomingHandlers(deps: SmtpDeps): Pick<SMTPServerOptions, "onMailFrom" | "onRcptTo" | "onData"> {
  const log = deps.logger;
  return {
    onMailFrom: callbackOf(deps, "deliver", "mail", async (address: SMTPServerAddress) => {
      // The null sender <> is how bounces arrive.
      if (address.address === "") return;
      const sender = envelopeAddress(address, "sender");
      simulateLocalserveFailure(deps.localserve, sender.localpart, "mailfrom");
    }),
    onRcptTo: callbackOf(deps, "deliver", "rcpt", async (address: SMTPServerAddress) => {
      await recipientCopy(deps, address);
    }),
    onData: callbackOf(deps, "deliver", "data", async (stream: SMTPServerDataStream, session: SMTPServerSession) => {
      const raw = await readData(stream, deps.maxMessageSize);
      const copies = await Promise.all(session.envelope.rcptTo.map((a) => recipientCopy(deps, a)));
      for (const a of session.envelope.rcptTo) simulateLocalserveFailure(deps.localserve, envelopeAddress(a, "recipient").localpart, "data");
      const ids = await store(deps, session, raw, copies);
      await deps.incoming.kick(ids).catch((err: unknown) => log.warn({ err: errorText(err) }, "could not queue processing of received message"));
      // One id per account; a long list is shortened to fit the reply line (see reply-line.ts).
      return `message delivered as ${ids.join(", ")}`;
    }),
  };
}

async function recipientCopy(deps: SmtpDeps, a: SMTPServerAddress): Promise<ReceivedCopy> {
  const rcpt = envelopeAddress(a, "recipient");
  simulateLocalserveFailure(deps.localserve, rcpt.localpart, "rcptto");
  const owner = await deps.findAddressOwner(rcpt);
  if (owner) return { accountId: owner.accountId, mailbox: owner.mailbox, rcptTo: formatAddress(rcpt, "unicode") };
  const postmaster = rcpt.localpart.toLowerCase() === "postmaster" ? await findPostmaster(deps.db, rcpt.domain.ascii) : null;
  if (postmaster) return { ...postmaster, rcptTo: formatAddress(rcpt, "unicode") };
  if (await isOurDomain(deps, rcpt.domain.ascii)) throw smtpReply(550, "5.1.1", "no such user");
  throw smtpReply(550, "5.7.1", `relaying denied: not accepting mail for domain ${rcpt.domain.unicode}`);
}

async function isOurDomain(deps: SmtpDeps, ascii: string): Promise<boolean> {
  const { rowCount } = await sqlPool(deps.db).query(`SELECT 1 FROM "Domain" WHERE "name" = $1`, [ascii]);
  return rowCount === 1;
}

async function store(deps: SmtpDeps, session: SMTPServerSession, raw: Buffer, copies: ReceivedCopy[]): Promise<bigint[]> {
  const now = deps.clock.now();
  const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
  const auth = await authenticateMessage(raw, { remoteIp: session.remoteAddress, helo: session.hostNameAppearsAs, mailFrom, hostname: deps.hostname }, deps.resolver, deps.logger);
  const only = copies.length === 1 ? copies[0]!.rcptTo : null;
  const prefix = Buffer.from(`Return-Path: <${mailFrom}>\r\n${auth.headers}${receivedHeader(session, deps.hostname, now, only)}`);
  const facts = { mailFrom, mailFromValidated: auth.mailFromValidated, msgFromValidated: auth.msgFromValidated, dkimVerifiedDomains: auth.dkimVerifiedDomains, remoteIp: session.remoteAddress };
  try {
    return await deliverReceived(deps.db, prepareMessage(raw), prefix, copies, facts, now);
  } catch (err) {
    if (err instanceof AppError && err.code === "quota") throw smtpReply(452, "4.2.2", `mailbox full: ${err.message}`);
    throw err;
  }
}
