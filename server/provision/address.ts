// Addresses of accounts (destinations): add one to an account, or remove it. "@example.org" names the domain's
// catchall, which receives what no other address of the domain claims. An account keeps at least one address.
import { canonicalLocalpart, parseAddress } from "../address/parse";
import { parseDomain } from "../address/domain";
import { audited, type Actor } from "../audit/audit-log";
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";

type DomainRow = { id: number; name: string; unicodeName: string; localpartCatchallSeparators: string[]; localpartCaseSensitive: boolean };
export type AddressRef = { domain: DomainRow; localpart: string; display: string };

// The domain and canonical localpart an address is stored under; field errors name the "address" field.
export async function resolveAddress(db: Db | Tx, input: string): Promise<AddressRef> {
  const trimmed = input.trim();
  const catchall = trimmed.startsWith("@");
  let domainName: string;
  let localpart = "";
  try {
    if (catchall) domainName = parseDomain(trimmed.slice(1)).ascii;
    else {
      const a = parseAddress(trimmed);
      domainName = a.domain.ascii;
      localpart = a.localpart;
    }
  } catch {
    throw new AppError("badAddress", `${JSON.stringify(input)} is not an email address (or @domain for a catchall)`, "address");
  }
  const domain = await db.domain.findUnique({ where: { name: domainName } });
  if (!domain) throw new AppError("unknownDomain", `domain ${domainName} does not exist here; add it first`, "address");
  const canonical = catchall ? "" : canonicalLocalpart(localpart, domain);
  return { domain, localpart: canonical, display: canonical ? `${canonical}@${domain.unicodeName}` : `@${domain.unicodeName} (catchall)` };
}

// Whether a listed address ("name+x@example.org") is a form of the removed one.
function belongsTo(listed: string, ref: AddressRef): boolean {
  try {
    const a = parseAddress(listed);
    return a.domain.ascii === ref.domain.name && (ref.localpart === "" || canonicalLocalpart(a.localpart, ref.domain) === ref.localpart);
  } catch {
    return false;
  }
}

export async function addressAdd(db: Db, actor: Actor, input: { account: string; address: string }): Promise<void> {
  await audited(db, actor, "address.add", async (tx) => {
    const account = await tx.account.findUnique({ where: { name: input.account } });
    if (!account) throw new AppError("unknownAccount", `account ${input.account} does not exist`, "account");
    const ref = await resolveAddress(tx, input.address);
    const taken = await tx.address.findUnique({ where: { domainId_localpart: { domainId: ref.domain.id, localpart: ref.localpart } }, include: { account: true } });
    if (taken) throw new AppError("exists", `${ref.display} already belongs to account ${taken.account.name}`, "address");
    await tx.address.create({ data: { accountId: account.id, domainId: ref.domain.id, localpart: ref.localpart } });
    return { result: undefined, target: ref.display, after: { account: account.name, address: ref.display } };
  });
}

export async function addressRemove(db: Db, actor: Actor, input: { address: string }): Promise<void> {
  await audited(db, actor, "address.remove", async (tx) => {
    const ref = await resolveAddress(tx, input.address);
    const found = await tx.address.findUnique({ where: { domainId_localpart: { domainId: ref.domain.id, localpart: ref.localpart } }, include: { account: true } });
    if (!found) throw new AppError("notFound", `${ref.display} is not an address of any account`, "address");
    if ((await tx.address.count({ where: { accountId: found.accountId } })) === 1) {
      throw new AppError("user", `${ref.display} is the last address of account ${found.account.name}; an account keeps at least one (remove the account instead)`, "address");
    }
    await tx.address.delete({ where: { id: found.id } });
    // A fromid login address that no longer belongs to the account would stop working anyway (spec 6).
    const fromIds = found.account.fromIdLoginAddresses;
    const kept = fromIds.filter((a) => !belongsTo(a, ref));
    const fromIdsChanged = kept.length !== fromIds.length;
    if (fromIdsChanged) await tx.account.update({ where: { id: found.accountId }, data: { fromIdLoginAddresses: kept } });
    const before = { account: found.account.name, address: ref.display, fromIdLoginAddresses: fromIds };
    return { result: undefined, target: ref.display, before, after: fromIdsChanged ? { account: found.account.name, fromIdLoginAddresses: kept } : undefined };
  });
}
