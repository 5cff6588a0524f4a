// Accounts as the CLI and localserve create them, with a password hashed by auth/; here rather than in store/,
// since auth/ reads address owners from store/.
import { canonicalLocalpart, parseAddress } from "../address/parse";
import { hashPassword } from "../auth/password";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { createDefaultMailboxes } from "../store/mailboxes";

export type NewAccount = {
  name: string;
  address: string;
  fullName?: string;
  password?: string;
  keepRetiredMessagePeriodSec?: number;
  keepRetiredWebhookPeriodSec?: number;
};

const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

// Creates the account with its first address, its default mailboxes and (optionally) its password, at once.
export async function createAccount(db: Db, input: NewAccount) {
  if (!ACCOUNT_NAME.test(input.name)) {
    throw new AppError("badAccountName", "account names are 1-64 letters, digits, dots, dashes and underscores");
  }
  const address = parseAddress(input.address);
  const domain = await db.domain.findUnique({ where: { name: address.domain.ascii } });
  if (!domain) throw new AppError("unknownDomain", `domain ${address.domain.unicode} does not exist; add it first`);
  const localpart = canonicalLocalpart(address.localpart, domain);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);

  if (await db.account.findUnique({ where: { name: input.name } })) {
    throw new AppError("exists", `account ${input.name} already exists`);
  }
  if (await db.address.findUnique({ where: { domainId_localpart: { domainId: domain.id, localpart } } })) {
    throw new AppError("exists", `address ${localpart}@${domain.unicodeName} already belongs to an account`);
  }
  return db.$transaction(async (tx) => {
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
    return account;
  });
}

export async function setAccountPassword(db: Db, accountName: string, password: string): Promise<void> {
  const account = await db.account.findUnique({ where: { name: accountName } });
  if (!account) throw new AppError("unknownAccount", `account ${accountName} does not exist`);
  const passwordHash = await hashPassword(password);
  await db.credential.upsert({
    where: { accountId: account.id },
    create: { accountId: account.id, passwordHash },
    update: { passwordHash },
  });
}
