// Per-account suppression lists (spec 5). Lookups, removals and presence checks compare base addresses.
import { formatAddress, type Address } from "../address/parse";
import type { Db, Tx } from "../db/client";
import { Prisma, type Suppression } from "../db/generated/client";
import { AppError } from "../errors";
import { baseAddress } from "./base-address";

export type NewSuppression = { account: string; address: Address; manual: boolean; reason: string };

export function listSuppressions(db: Db, account: string): Promise<Suppression[]> {
  return db.suppression.findMany({ where: account ? { account } : {}, orderBy: { id: "asc" } });
}

export async function addSuppression(db: Db | Tx, s: NewSuppression): Promise<Suppression> {
  if (!s.account) throw new AppError("error", "account is required for a suppression");
  try {
    return await db.suppression.create({
      data: {
        account: s.account,
        baseAddress: baseAddress(s.address),
        originalAddress: formatAddress(s.address, "unicode"),
        manual: s.manual,
        reason: s.reason,
      },
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("error", `address ${baseAddress(s.address)} is already on the suppression list`);
    }
    throw err;
  }
}

export async function removeSuppression(db: Db, account: string, address: Address): Promise<void> {
  const { count } = await db.suppression.deleteMany({ where: { account, baseAddress: baseAddress(address) } });
  if (count === 0) throw new AppError("error", `address ${baseAddress(address)} is not on the suppression list`);
}

export async function findSuppression(db: Db | Tx, account: string, address: Address): Promise<Suppression | null> {
  return db.suppression.findUnique({ where: { account_baseAddress: { account, baseAddress: baseAddress(address) } } });
}
