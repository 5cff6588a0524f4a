// Every account's suppressions in one list for admins (mox has no admin view): search by address or base
// address, filter by account, kind (manual or automatic) and reason; newest or oldest first, keyset-paged by id.
import { parseAddress } from "../address/parse";
import type { Actor } from "../audit/audit-log";
import type { Db } from "../db/client";
import type { Prisma, Suppression } from "../db/generated/client";
import { AppError } from "../errors";
import { baseAddress } from "./base-address";
import { addSuppression, removeSuppression } from "./suppressions";

export type SuppressionFilter = { search?: string; account?: string; kind?: "manual" | "automatic"; reason?: string };

export async function suppressionAdminList(db: Db, filter: SuppressionFilter, page: { limit: number; oldestFirst: boolean; after?: number }) {
  const { limit, oldestFirst, after } = page;
  const where = whereOf(filter);
  const keyset = after ? { id: oldestFirst ? { gt: after } : { lt: after } } : {};
  const [rows, total] = await Promise.all([
    db.suppression.findMany({ where: { ...where, ...keyset }, orderBy: { id: oldestFirst ? "asc" : "desc" }, take: limit + 1 }),
    db.suppression.count({ where }),
  ]);
  const more = rows.length > limit;
  return { rows: rows.slice(0, limit), next: more ? rows[limit - 1]!.id : null, total };
}

function whereOf(f: SuppressionFilter): Prisma.SuppressionWhereInput {
  return {
    ...(f.account ? { account: f.account } : {}),
    ...(f.kind ? { manual: f.kind === "manual" } : {}),
    ...(f.reason ? { reason: { contains: f.reason, mode: "insensitive" } } : {}),
    ...(f.search ? { OR: searchTerms(f.search) } : {}),
  };
}

// A full address also finds its other forms through the base address ("A.B+x@example.org" finds "ab@...").
function searchTerms(search: string): Prisma.SuppressionWhereInput[] {
  const terms: Prisma.SuppressionWhereInput[] = [
    { originalAddress: { contains: search, mode: "insensitive" } },
    { baseAddress: { contains: search.toLowerCase() } },
  ];
  try {
    terms.push({ baseAddress: baseAddress(parseAddress(search)) });
  } catch {
    // Not a whole address: the substring terms do.
  }
  return terms;
}

export async function suppressionAdminAdd(db: Db, actor: Actor, input: { account: string; address: string; reason: string }): Promise<Suppression> {
  if (!(await db.account.findUnique({ where: { name: input.account } }))) {
    throw new AppError("unknownAccount", `account ${input.account} does not exist`, "account");
  }
  return addSuppression(db, actor, { account: input.account, address: addressField(input.address), manual: true, reason: input.reason });
}

export async function suppressionAdminRemove(db: Db, actor: Actor, id: number): Promise<void> {
  const found = await db.suppression.findUnique({ where: { id } });
  if (!found) throw new AppError("notFound", `suppression ${id} does not exist (removed meanwhile?)`);
  await removeSuppression(db, actor, found.account, parseAddress(found.originalAddress));
}

function addressField(input: string) {
  try {
    return parseAddress(input.trim());
  } catch (err) {
    throw new AppError("badAddress", (err as Error).message, "address");
  }
}
