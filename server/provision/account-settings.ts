// An account's webhooks, retirement periods and fromid login addresses as admins see and change them (mox
// leaves these to the account's own pages): the same rules as there (webhook/settings.ts, spec 2.1, 6), each
// change audited. Authorization headers are write-only: admins see whether one is set, never its value.
import { canonicalLocalpart, formatAddress, parseAddress } from "../address/parse";
import type { Actor } from "../audit/audit-log";
import type { Db, Tx } from "../db/client";
import type { Account } from "../db/generated/client";
import { AppError } from "../errors";
import type { OutgoingEventName } from "../webhook/outgoing-events";
import { PAUSE_AFTER_FAILURES } from "../webhook/pause";
import { saveIncomingWebhook, saveOutgoingWebhook } from "../webhook/settings";
import { changeAccount } from "./account-change";

// Authorization: undefined keeps the stored one, "" clears it.
export type OutgoingWebhookInput = { name: string; url: string; authorization?: string; events: OutgoingEventName[] };
export type IncomingWebhookInput = { name: string; url: string; authorization?: string };
export type KeepPeriodsInput = { name: string; retiredMessages: number; retiredWebhooks: number };

// The settings as the admin page shows them.
export function settingsView(a: Account) {
  return {
    outgoingWebhook: { url: a.outgoingWebhookUrl, authorizationSet: a.outgoingWebhookAuthorization !== "", events: a.outgoingWebhookEvents },
    incomingWebhook: { url: a.incomingWebhookUrl, authorizationSet: a.incomingWebhookAuthorization !== "" },
    keepPeriods: { retiredMessagesSec: a.keepRetiredMessagePeriodSec, retiredWebhooksSec: a.keepRetiredWebhookPeriodSec },
    fromIdLoginAddresses: a.fromIdLoginAddresses,
    webhookPause: { pausedAt: a.webhooksPausedAt, consecutiveFailures: a.webhookConsecutiveFailures, after: PAUSE_AFTER_FAILURES },
  };
}

const outgoingView = (a: Account) => ({ url: a.outgoingWebhookUrl, authorization: a.outgoingWebhookAuthorization, events: a.outgoingWebhookEvents });
const incomingView = (a: Account) => ({ url: a.incomingWebhookUrl, authorization: a.incomingWebhookAuthorization });
const keepView = (a: Account) => ({ keepRetiredMessagePeriodSec: a.keepRetiredMessagePeriodSec, keepRetiredWebhookPeriodSec: a.keepRetiredWebhookPeriodSec });
const fromIdView = (a: Account) => ({ fromIdLoginAddresses: a.fromIdLoginAddresses });

export function outgoingWebhookSet(db: Db, actor: Actor, input: OutgoingWebhookInput): Promise<void> {
  return changeAccount(db, actor, "account.outgoingWebhook", input.name, outgoingView, (tx, a) =>
    saveOutgoingWebhook(tx, a.name, { url: input.url, events: input.events, authorization: input.authorization ?? a.outgoingWebhookAuthorization }),
  );
}

export function incomingWebhookSet(db: Db, actor: Actor, input: IncomingWebhookInput): Promise<void> {
  return changeAccount(db, actor, "account.incomingWebhook", input.name, incomingView, (tx, a) =>
    saveIncomingWebhook(tx, a.name, { url: input.url, authorization: input.authorization ?? a.incomingWebhookAuthorization }),
  );
}

export function keepPeriodsSet(db: Db, actor: Actor, input: KeepPeriodsInput): Promise<void> {
  return changeAccount(db, actor, "account.keepPeriods", input.name, keepView, (tx, a) =>
    tx.account.update({ where: { id: a.id }, data: { keepRetiredMessagePeriodSec: input.retiredMessages, keepRetiredWebhookPeriodSec: input.retiredWebhooks } }),
  );
}

export function fromIdAddressesSet(db: Db, actor: Actor, input: { name: string; fromIdLoginAddresses: string[] }): Promise<void> {
  return changeAccount(db, actor, "account.fromIdLoginAddresses", input.name, fromIdView, async (tx, a) => {
    const addresses: string[] = [];
    for (const address of input.fromIdLoginAddresses) addresses.push(await ownFromIdAddress(tx, a, address));
    await tx.account.update({ where: { id: a.id }, data: { fromIdLoginAddresses: [...new Set(addresses)] } });
  });
}

const FROMID_FIELD = "fromIdLoginAddresses";

// A fromid login address must resolve to the account, as a login would (separator suffix cut, or a catchall
// of the account), on a domain with a catchall separator to put the fromid after. Kept as typed: logins
// compare it with the login address as given.
async function ownFromIdAddress(tx: Tx, account: Account, input: string): Promise<string> {
  let address;
  try {
    address = parseAddress(input);
  } catch {
    throw new AppError("badAddress", `${JSON.stringify(input)} is not an email address`, FROMID_FIELD);
  }
  const domain = await tx.domain.findUnique({ where: { name: address.domain.ascii } });
  const localpart = domain ? canonicalLocalpart(address.localpart, domain) : "";
  const owner = domain ? await tx.address.findFirst({ where: { domainId: domain.id, localpart: { in: [localpart, ""] } }, orderBy: { localpart: "desc" } }) : null;
  if (!domain || owner?.accountId !== account.id) {
    throw new AppError("user", `${input} is not an address of account ${account.name}; fromid login addresses must be the account's own (a separator suffix like +bounces is fine)`, FROMID_FIELD);
  }
  if (domain.localpartCatchallSeparators.length === 0) {
    throw new AppError("user", `domain ${domain.unicodeName} has no catchall separator, which fromids need (set one on the domain first)`, FROMID_FIELD);
  }
  return formatAddress(address);
}
