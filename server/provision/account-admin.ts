// Accounts as admins manage them (and the CLI's account add and password set): the list with what each uses
// of its limits, one account in full, and changes, each audited. Removing an account takes everything it has
// with it in one transaction; removePreview says beforehand how much that is.
import { audited, type Actor } from "../audit/audit-log";
import { hashPassword } from "../auth/password";
import type { Db, Tx } from "../db/client";
import type { Account, Prisma } from "../db/generated/client";
import { AppError } from "../errors";
import { insertAccount, storePasswordHash } from "./account";
import { changeAccount } from "./account-change";
import { settingsView } from "./account-settings";
import { accountUsage, usageOfAccounts } from "./account-usage";

export type AccountSort = `${"name" | "created"}.${"asc" | "desc"}`;
export type AccountListInput = { filter: { search?: string }; sort: AccountSort; cursor?: string; limit: number };
export type AccountAddInput = { name: string; address: string; password?: string; fullName?: string };
export type LimitsInput = { name: string; maxOutgoingMessagesPerDay: number; maxFirstTimeRecipientsPerDay: number; quota: number };

const WITH_ADDRESSES = { addresses: { include: { domain: { select: { unicodeName: true } } }, orderBy: [{ domainId: "asc" }, { localpart: "asc" }] } } satisfies Prisma.AccountInclude;
type AccountWithAddresses = Prisma.AccountGetPayload<{ include: typeof WITH_ADDRESSES }>;

// "@example.org" is the domain's catchall, as admin.address.remove takes it.
const addressesOf = (a: AccountWithAddresses) => a.addresses.map((d) => `${d.localpart}@${d.domain.unicodeName}`);

export async function accountList(db: Db, input: AccountListInput, now: Date) {
  const [field, dir] = input.sort.split(".") as ["name" | "created", "asc" | "desc"];
  const where = searchWhere(input.filter.search);
  const [accounts, total] = await Promise.all([
    db.account.findMany({
      where: { ...where, ...afterCursor(field, dir, input.cursor) },
      include: WITH_ADDRESSES,
      // Ids grow with creation time, and are unique where times need not be.
      orderBy: field === "name" ? { name: dir } : { id: dir },
      take: input.limit + 1,
    }),
    db.account.count({ where }),
  ]);
  const page = accounts.slice(0, input.limit);
  const usage = await usageOfAccounts(db, page.map((a) => a.id), now);
  const last = accounts.length > input.limit ? page.at(-1)! : undefined;
  return {
    rows: page.map((a) => ({
      id: a.name,
      name: a.name,
      fullName: a.fullName,
      createdAt: a.createdAt,
      loginDisabled: a.loginDisabled,
      addresses: addressesOf(a),
      maxOutgoingMessagesPerDay: a.maxOutgoingMessagesPerDay,
      quota: Number(a.quotaMessageSize),
      ...usage.get(a.id)!,
    })),
    next: last ? (field === "name" ? last.name : String(last.id)) : null,
    total,
  };
}

// A name, full name or address fragment; with an "@", the part before matches localparts and the part after
// domains ("@example.org" lists the domain's accounts).
function searchWhere(search: string | undefined): Prisma.AccountWhereInput {
  if (!search) return {};
  const contains = (s: string) => ({ contains: s, mode: "insensitive" as const });
  const domainMatches = (s: string) => ({ OR: [{ name: contains(s) }, { unicodeName: contains(s) }] });
  const at = search.lastIndexOf("@");
  if (at >= 0) {
    const [localpart, domain] = [search.slice(0, at), search.slice(at + 1)];
    return { addresses: { some: { ...(localpart ? { localpart: contains(localpart) } : {}), ...(domain ? { domain: domainMatches(domain) } : {}) } } };
  }
  return { OR: [{ name: contains(search) }, { fullName: contains(search) }, { addresses: { some: { OR: [{ localpart: contains(search) }, { domain: domainMatches(search) }] } } }] };
}

function afterCursor(field: "name" | "created", dir: "asc" | "desc", cursor: string | undefined): Prisma.AccountWhereInput {
  if (cursor === undefined) return {};
  const op = dir === "asc" ? "gt" : "lt";
  if (field === "name") return { name: { [op]: cursor } };
  if (!/^\d+$/.test(cursor)) throw new AppError("badCursor", "the list changed its order: reload the page");
  return { id: { [op]: Number(cursor) } };
}

export async function accountGet(db: Db, name: string, now: Date) {
  const a = await db.account.findUnique({ where: { name }, include: { ...WITH_ADDRESSES, credential: { select: { accountId: true } } } });
  if (!a) throw new AppError("unknownAccount", `account ${name} does not exist`);
  return {
    name: a.name,
    fullName: a.fullName,
    createdAt: a.createdAt,
    loginDisabled: a.loginDisabled,
    hasPassword: a.credential !== null,
    addresses: addressesOf(a),
    limits: { maxOutgoingMessagesPerDay: a.maxOutgoingMessagesPerDay, maxFirstTimeRecipientsPerDay: a.maxFirstTimeRecipientsPerDay, quota: Number(a.quotaMessageSize) },
    usage: await accountUsage(db, a.id, now),
    ...settingsView(a),
  };
}

export async function accountAdd(db: Db, actor: Actor, input: AccountAddInput): Promise<{ name: string; address: string }> {
  const { password, ...fields } = input;
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  return audited(db, actor, "account.add", async (tx) => {
    const { account, address } = await insertAccount(tx, fields, passwordHash);
    return {
      result: { name: account.name, address },
      target: account.name,
      // Only whether a password was set: the key's name masks it.
      after: { name: account.name, fullName: account.fullName, address, password: passwordHash ? "set" : "" },
    };
  });
}

export type RemovalCounts = { addresses: string[]; messages: number; mailboxes: number; queued: number; suppressions: number };

export async function removePreview(db: Db, name: string): Promise<RemovalCounts> {
  const account = await db.account.findUnique({ where: { name }, include: WITH_ADDRESSES });
  if (!account) throw new AppError("unknownAccount", `account ${name} does not exist`);
  return removalCounts(db, account);
}

async function removalCounts(db: Db | Tx, a: AccountWithAddresses): Promise<RemovalCounts> {
  const [messages, mailboxes, queued, suppressions] = await Promise.all([
    db.message.count({ where: { accountId: a.id, expunged: false } }),
    db.mailbox.count({ where: { accountId: a.id } }),
    db.queueMessage.count({ where: { senderAccount: a.name } }),
    db.suppression.count({ where: { account: a.name } }),
  ]);
  return { addresses: addressesOf(a), messages, mailboxes, queued, suppressions };
}

// The account's rows go with it (addresses, mailboxes and messages, password, sessions, send history, routes);
// its queued messages and suppression list name it without a relation, so they go explicitly. Its retired
// messages and webhooks stay until they expire: they are history. Queued messages leave without a DSN or
// webhook, as there is no account left to receive them.
export async function accountRemove(db: Db, actor: Actor, name: string): Promise<RemovalCounts> {
  return audited(db, actor, "account.remove", async (tx) => {
    const account = await tx.account.findUnique({ where: { name }, include: WITH_ADDRESSES });
    if (!account) throw new AppError("unknownAccount", `account ${name} does not exist (removed meanwhile?)`);
    const counts = await removalCounts(tx, account);
    const contents = await tx.queueMessage.findMany({ where: { senderAccount: name }, select: { contentId: true }, distinct: ["contentId"] });
    await tx.queueMessage.deleteMany({ where: { senderAccount: name } });
    await tx.queueContent.deleteMany({ where: { id: { in: contents.map((c) => c.contentId) }, messages: { none: {} } } });
    await tx.suppression.deleteMany({ where: { account: name } });
    await tx.account.delete({ where: { id: account.id } });
    return { result: counts, target: name, before: { name, fullName: account.fullName, ...counts } };
  });
}

const loginView = (a: Account) => ({ loginDisabled: a.loginDisabled });

// A disabled login also ends the account's web sessions: the message applies to whoever is logged in now.
export function setLoginDisabled(db: Db, actor: Actor, name: string, message: string): Promise<void> {
  return changeAccount(db, actor, message ? "account.loginDisable" : "account.loginEnable", name, loginView, async (tx, a) => {
    await tx.account.update({ where: { id: a.id }, data: { loginDisabled: message } });
    if (message) await tx.webSession.deleteMany({ where: { accountId: a.id } });
  });
}

export async function setPassword(db: Db, actor: Actor, input: { name: string; password: string }): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  await audited(db, actor, "account.password", async (tx) => {
    const { hadPassword } = await storePasswordHash(tx, input.name, passwordHash);
    return { result: undefined, target: input.name, before: { password: hadPassword ? "set" : "" }, after: { password: "set" } };
  });
}

const limitsView = (a: Account) => ({
  maxOutgoingMessagesPerDay: a.maxOutgoingMessagesPerDay,
  maxFirstTimeRecipientsPerDay: a.maxFirstTimeRecipientsPerDay,
  quotaMessageSize: a.quotaMessageSize,
});

export function setLimits(db: Db, actor: Actor, input: LimitsInput): Promise<void> {
  return changeAccount(db, actor, "account.limits", input.name, limitsView, (tx, a) =>
    tx.account.update({
      where: { id: a.id },
      data: { maxOutgoingMessagesPerDay: input.maxOutgoingMessagesPerDay, maxFirstTimeRecipientsPerDay: input.maxFirstTimeRecipientsPerDay, quotaMessageSize: BigInt(input.quota) },
    }),
  );
}

export function setFullName(db: Db, actor: Actor, input: { name: string; fullName: string }): Promise<void> {
  return changeAccount(db, actor, "account.fullName", input.name, (a) => ({ fullName: a.fullName }), (tx, a) =>
    tx.account.update({ where: { id: a.id }, data: { fullName: input.fullName } }),
  );
}
