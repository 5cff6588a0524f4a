// Per-account suppression lists (spec 5). Lookups, removals and presence checks compare base addresses. Adding
// and removing are configuration changes, recorded in the audit log with the surface they came from.
import { formatAddress, type Address } from "../address/parse";
import { audited, type Actor } from "../audit/audit-log";
import type { Db, Tx } from "../db/client";
import { Prisma, type Suppression } from "../db/generated/client";
import { AppError } from "../errors";
import { baseAddress } from "./base-address";

export type NewSuppression = { account: string; address: Address; manual: boolean; reason: string };

export function listSuppressions(db: Db, account: string): Promise<Suppression[]> {
  return db.suppression.findMany({ where: account ? { account } : {}, orderBy: { id: "asc" } });
}

// The audit log's record of an entry: what identifies it and why it is there.
const audit = (s: Suppression) => ({ account: s.account, baseAddress: s.baseAddress, originalAddress: s.originalAddress, manual: s.manual, reason: s.reason });

export async function addSuppression(db: Db, actor: Actor, s: NewSuppression): Promise<Suppression> {
  if (!s.account) throw new AppError("error", "account is required for a suppression", "account");
  const base = baseAddress(s.address);
  try {
    return await audited(db, actor, "suppression.add", async (tx) => {
      const created = await tx.suppression.create({
        data: { account: s.account, baseAddress: base, originalAddress: formatAddress(s.address, "unicode"), manual: s.manual, reason: s.reason },
      });
      return { result: created, target: `${s.account}: ${base}`, after: audit(created) };
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("error", `address ${base} is already on the suppression list`, "address");
    }
    throw err;
  }
}

export async function removeSuppression(db: Db, actor: Actor, account: string, address: Address): Promise<void> {
  const base = baseAddress(address);
  await audited(db, actor, "suppression.remove", async (tx) => {
    const found = await tx.suppression.findUnique({ where: { account_baseAddress: { account, baseAddress: base } } });
    if (!found) throw new AppError("error", `address ${base} is not on the suppression list`, "address");
    await tx.suppression.delete({ where: { id: found.id } });
    return { result: undefined, target: `${account}: ${base}`, before: audit(found) };
  });
}

export async function findSuppression(db: Db | Tx, account: string, address: Address): Promise<Suppression | null> {
  return db.suppression.findUnique({ where: { account_baseAddress: { account, baseAddress: baseAddress(address) } } });
}
