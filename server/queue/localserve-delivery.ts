// Delivery in localserve (spec 9): nothing leaves the machine. A message is delivered into the sender's own
// account, as if it came back, unless the recipient's localpart asks for a simulated failure by its suffix:
// "temperror", "permerror", "timeout", or a three-digit SMTP code.
import { parseDomain } from "../address/domain";
import { errorText } from "../errors";
import { deliverReceived } from "../incoming/deliver";
import { prepareMessage } from "../store/message-append";
import { findAddressOwner } from "../store/address-owner";
import type { DeliveryDeps } from "./delivery-deps";
import type { AttemptOutcome } from "./outcome";
import { recipientAddress, senderAddress, type QueuedMessage } from "./queued-message";
import type { Batch } from "./transport-send";

const outcome = (code: number, secode: string, error: string): AttemptOutcome => ({
  ok: false,
  permanent: code >= 500,
  code,
  secode,
  error: `${error}, ${code >= 500 ? "permanent" : "transient"}`,
  lines: code ? [`${code} ${code >= 500 ? 5 : 4}.${secode || "0.0"} ${error}`] : [],
});

export function simulatedFailure(localpart: string): AttemptOutcome | null {
  const lp = localpart.toLowerCase();
  if (lp.endsWith("temperror")) return outcome(451, "3.0", "temporary error simulated by localserve");
  if (lp.endsWith("permerror")) return outcome(550, "1.1", "permanent error simulated by localserve");
  if (lp.endsWith("timeout")) return outcome(0, "", "timeout simulated by localserve");
  const code = Number(lp.slice(-3));
  if (/^\d{3}$/.test(lp.slice(-3)) && code >= 400 && code < 600) return outcome(code, "", `smtp code ${code} simulated by localserve`);
  return null;
}

export async function deliverLocally(deps: DeliveryDeps, batch: Batch): Promise<AttemptOutcome[]> {
  const outcomes: AttemptOutcome[] = [];
  for (const m of batch.messages) outcomes.push(simulatedFailure(m.recipientLocalpart) ?? (await deliverToSender(deps, m, batch.content)));
  return outcomes;
}

async function deliverToSender(deps: DeliveryDeps, m: QueuedMessage, content: Buffer): Promise<AttemptOutcome> {
  const owner = await findAddressOwner(deps.db, { localpart: m.senderLocalpart, domain: parseDomain(m.senderDomain) });
  if (!owner) return outcome(550, "1.1", `sender address ${senderAddress(m)} has no account to deliver to`);
  const prefix = Buffer.concat([Buffer.from(`Delivered-To: ${recipientAddress(m)}\r\n`), m.msgPrefix]);
  // Localserve fakes passing checks, as mox does, so the message looks like properly authenticated mail.
  const facts = { mailFrom: senderAddress(m), mailFromValidated: true, msgFromValidated: true, dkimVerifiedDomains: [m.senderDomainStr], remoteIp: "127.0.0.1" };
  const copy = { accountId: owner.accountId, mailbox: owner.mailbox, rcptTo: recipientAddress(m) };
  const ids = await deliverReceived(deps.db, prepareMessage(content), prefix, [copy], facts, deps.clock.now());
  await deps.processReceived(ids).catch((err: unknown) => deps.logger.warn({ err: errorText(err) }, "could not queue processing of delivered message"));
  return { ok: true, permanent: false, code: 250, secode: "0.0", error: "", lines: [] };
}
