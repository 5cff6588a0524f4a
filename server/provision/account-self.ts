// The account as its own user sees and changes it on /account: the profile with what it uses of its limits,
// a password change that needs the current password, and an example for the fromid page. Changes the admin
// pages share (full name, retention, fromid addresses) are account-admin.ts's and account-settings.ts's.
import { audited, type Actor } from "../audit/audit-log";
import { releaseAuthAttempt, reserveAuthAttempt } from "../auth/failed-auth-limiter";
import { hashPassword, verifyPassword } from "../auth/password";
import type { Db } from "../db/client";
import type { Account } from "../db/generated/client";
import { AppError } from "../errors";
import { accountGet } from "./account-admin";

export type PasswordChangeInput = { currentPassword: string; newPassword: string };
// Who asks for the change: their session (known by its CSRF token) stays logged in.
export type PasswordChanger = { actor: Actor; ip: string; account: Account; csrfToken: string };

// What the user may see of the admin's view: no login state, no webhook or fromid settings (their own pages).
export async function ownProfile(db: Db, account: Account, now: Date) {
  const { name, fullName, addresses, limits, usage } = await accountGet(db, account.name, now);
  return { name, fullName, addresses, limits, usage };
}

const CURRENT_FIELD = "currentPassword";

// The current password is checked like a login, behind the same failed-auth limiter: a session left open on
// someone else's screen must not become a way to guess it. Other sessions of the account end with the change.
export async function changeOwnPassword(db: Db, by: PasswordChanger, input: PasswordChangeInput, now: Date): Promise<void> {
  const { actor, ip, account } = by;
  if (!(await reserveAuthAttempt(db, ip, now)).allowed) {
    throw new AppError("badPassword", "too many wrong passwords from your network: try again later", CURRENT_FIELD);
  }
  const credential = await db.credential.findUnique({ where: { accountId: account.id } });
  if (!credential || !(await verifyPassword(input.currentPassword, credential.passwordHash))) {
    throw new AppError("badPassword", "this is not your current password", CURRENT_FIELD);
  }
  await releaseAuthAttempt(db, ip, now);
  // Hashing is slow: before the transaction, which then only stores if nobody changed the password meanwhile.
  const passwordHash = await hashPassword(input.newPassword);
  await audited(db, actor, "account.password", async (tx) => {
    const { count } = await tx.credential.updateMany({ where: { accountId: account.id, passwordHash: credential.passwordHash }, data: { passwordHash } });
    if (count === 0) throw new AppError("badPassword", "your password was changed meanwhile: enter the new one", CURRENT_FIELD);
    await tx.webSession.deleteMany({ where: { accountId: account.id, csrfToken: { not: by.csrfToken } } });
    return { result: undefined, target: account.name, before: { password: "set" }, after: { password: "set" } };
  });
}

export type FromIdExample = { login: string; mailFrom: string };

// A fromid login address the account could use, from its first own address on a domain with a catchall
// separator: "alice@example.org" gives "alice+bounces@example.org" and MAIL FROM "alice+<fromid>@example.org".
export async function fromIdExample(db: Db, account: Account): Promise<FromIdExample | null> {
  const address = await db.address.findFirst({
    where: { accountId: account.id, localpart: { not: "" }, domain: { localpartCatchallSeparators: { isEmpty: false } } },
    include: { domain: true },
    orderBy: { id: "asc" },
  });
  if (!address) return null;
  const [separator] = address.domain.localpartCatchallSeparators;
  const at = (localpart: string) => `${address.localpart}${separator}${localpart}@${address.domain.unicodeName}`;
  return { login: at("bounces"), mailFrom: at("<fromid>") };
}
