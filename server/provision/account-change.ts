// One audited change of an account's own fields. The entry records the fields the change is about (as `view`
// picks them) before and after, so the audit log shows exactly what changed; secrets are masked by their names.
import { audited, type Actor } from "../audit/audit-log";
import type { Db, Tx } from "../db/client";
import type { Account } from "../db/generated/client";
import { AppError } from "../errors";

export async function changeAccount(
  db: Db,
  actor: Actor,
  action: string,
  name: string,
  view: (a: Account) => object,
  update: (tx: Tx, a: Account) => Promise<unknown>,
): Promise<void> {
  await audited(db, actor, action, async (tx) => {
    const before = await findAccount(tx, name);
    await update(tx, before);
    const after = await tx.account.findUniqueOrThrow({ where: { id: before.id } });
    return { result: undefined, target: name, before: view(before), after: view(after) };
  });
}

export async function findAccount(db: Db | Tx, name: string): Promise<Account> {
  const account = await db.account.findUnique({ where: { name } });
  if (!account) throw new AppError("unknownAccount", `account ${name} does not exist`);
  return account;
}
