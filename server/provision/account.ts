// Accounts as the CLI, localserve and the admin pages create them, with a password hashed by auth/; here
// rather than in store/, since auth/ reads address owners from store/.
import { canonicalLocalpart, parseAddress } from "../address/parse";
import { hashPassword } from "../auth/password";
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";
import { createDefaultMailboxes } from "../store/mailboxes";
import { ACCOUNT_NAME, ACCOUNT_NAME_RULE } from "./account-name";

export type NewAccount = {
  name: string;
  address: string;
  fullName?: string;
  password?: string;
  keepRetiredMessagePeriodSec?: number;
  keepRetiredWebhookPeriodSec?: number;
};

// Creates the account with its first address, its default mailboxes and (optionally) its password, at once.
export async function createAccount(db: Db, input: NewAccount) {
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  const { account } = await db.$transaction((tx) => insertAccount(tx, input, passwordHash));
  return account;
}

// The same in the caller's transaction, with the password already hashed (scrypt is slow: not while the
// transaction is open). Errors name the form field they are about. Returns the address as stored.
export async function insertAccount(tx: Tx, input: Omit<NewAccount, "password">, passwordHash?: string) {
  if (!ACCOUNT_NAME.test(input.name)) throw new AppError("badAccountName", ACCOUNT_NAME_RULE, "name");
  let address;
  try {
    address = parseAddress(input.address);
  } catch (err) {
    throw new AppError("badAddress", (err as Error).message, "address");
  }
  const domain = await tx.domain.findUnique({ where: { name: address.domain.ascii } });
  if (!domain) throw new AppError("unknownDomain", `domain ${address.domain.unicode} does not exist; add it first`, "address");
  const localpart = canonicalLocalpart(address.localpart, domain);
  const display = `${localpart}@${domain.unicodeName}`;

  if (await tx.account.findUnique({ where: { name: input.name } })) {
    throw new AppError("exists", `account ${input.name} already exists`, "name");
  }
  if (await tx.address.findUnique({ where: { domainId_localpart: { domainId: domain.id, localpart } } })) {
    throw new AppError("exists", `address ${display} already belongs to an account`, "address");
  }
  const account = await tx.account.create({
    data: {
      name: input.name,
      fullName: input.fullName ?? "",
      keepRetiredMessagePeriodSec: input.keepRetiredMessagePeriodSec ?? 0,
      keepRetiredWebhookPeriodSec: input.keepRetiredWebhookPeriodSec ?? 0,
    },
  });
  await tx.address.create({ data: { accountId: account.id, domainId: domain.id, localpart } });
  await createDefaultMailboxes(tx, account.id);
  if (passwordHash) await tx.credential.create({ data: { accountId: account.id, passwordHash } });
  return { account, address: display };
}

export async function setAccountPassword(db: Db, accountName: string, password: string): Promise<void> {
  await storePasswordHash(db, accountName, await hashPassword(password));
}

// Returns whether the account had a password before.
export async function storePasswordHash(db: Db | Tx, accountName: string, passwordHash: string): Promise<{ hadPassword: boolean }> {
  const account = await db.account.findUnique({ where: { name: accountName }, include: { credential: { select: { accountId: true } } } });
  if (!account) throw new AppError("unknownAccount", `account ${accountName} does not exist`);
  await db.credential.upsert({
    where: { accountId: account.id },
    create: { accountId: account.id, passwordHash },
    update: { passwordHash },
  });
  return { hadPassword: account.credential !== null };
}
