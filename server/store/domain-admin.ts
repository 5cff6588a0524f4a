// Domains as the admin pages and the CLI change them: every change is audited with the domain's settings
// before and after. A domain is removed only once no account has an address there, so removing one never
// silently takes mail away from an account.
import { audited, type Actor } from "../audit/audit-log";
import type { Db, Tx } from "../db/client";
import type { Domain } from "../db/generated/client";
import { AppError } from "../errors";
import { checkSeparators, createDomain, domainByName, type NewDomain } from "./domains";

export type DomainSummary = {
  name: string;
  unicodeName: string;
  catchallSeparators: string[];
  localpartCaseSensitive: boolean;
  disabledReason: string;
  createdAt: Date;
  addressCount: number;
  dkimKeyCount: number;
  signingKeyCount: number;
};

export type DomainSettings = { catchallSeparators?: string[]; localpartCaseSensitive?: boolean; disabledReason?: string };

// What the audit log keeps of a domain.
function auditRecord(d: Domain) {
  return { name: d.unicodeName, catchallSeparators: d.localpartCatchallSeparators, localpartCaseSensitive: d.localpartCaseSensitive, disabledReason: d.disabledReason };
}

function summary(d: Domain & { _count: { addresses: number }; dkimKeys: { sign: boolean }[] }): DomainSummary {
  return {
    name: d.name,
    unicodeName: d.unicodeName,
    catchallSeparators: d.localpartCatchallSeparators,
    localpartCaseSensitive: d.localpartCaseSensitive,
    disabledReason: d.disabledReason,
    createdAt: d.createdAt,
    addressCount: d._count.addresses,
    dkimKeyCount: d.dkimKeys.length,
    signingKeyCount: d.dkimKeys.filter((k) => k.sign).length,
  };
}

const SUMMARY_INCLUDE = { _count: { select: { addresses: true } }, dkimKeys: { select: { sign: true } } } as const;

export async function domainList(db: Db): Promise<DomainSummary[]> {
  const domains = await db.domain.findMany({ include: SUMMARY_INCLUDE, orderBy: { name: "asc" } });
  return domains.map(summary);
}

export type DomainAddress = { address: string; localpart: string; account: string; catchall: boolean };

// One domain with its addresses; DKIM keys are dkim/keys.ts's, without their private halves.
export async function domainGet(db: Db, name: string): Promise<DomainSummary & { addresses: DomainAddress[] }> {
  const found = await domainByName(db, name);
  const d = await db.domain.findUniqueOrThrow({
    where: { id: found.id },
    include: { ...SUMMARY_INCLUDE, addresses: { include: { account: { select: { name: true } } }, orderBy: { localpart: "asc" } } },
  });
  const addresses = d.addresses.map((a) => ({
    address: `${a.localpart}@${d.unicodeName}`,
    localpart: a.localpart,
    account: a.account.name,
    catchall: a.localpart === "",
  }));
  return { ...summary(d), addresses };
}

export async function domainAdd(db: Db, actor: Actor, input: NewDomain): Promise<DomainSummary> {
  return audited(db, actor, "domain.add", async (tx) => {
    const d = await onFields(() => createDomain(tx, input), { badDomain: "name", exists: "name", badSeparator: "catchallSeparators" });
    return { result: summary({ ...d, _count: { addresses: 0 }, dkimKeys: [] }), target: d.unicodeName, after: auditRecord(d) };
  });
}

// Separators and case sensitivity decide how localparts are canonicalised from now on; addresses already
// stored keep their form. A non-empty disabledReason makes Send refuse mail from the domain (domainDisabled).
export async function domainUpdate(db: Db, actor: Actor, name: string, settings: DomainSettings): Promise<void> {
  const action = settings.disabledReason === undefined ? "domain.update" : settings.disabledReason ? "domain.disable" : "domain.enable";
  await audited(db, actor, action, async (tx) => {
    const before = await domainByName(tx, name);
    if (settings.catchallSeparators) onFields(() => checkSeparators(settings.catchallSeparators!), { badSeparator: "catchallSeparators" });
    const after = await tx.domain.update({
      where: { id: before.id },
      data: {
        localpartCatchallSeparators: settings.catchallSeparators,
        localpartCaseSensitive: settings.localpartCaseSensitive,
        disabledReason: settings.disabledReason,
      },
    });
    return { result: undefined, target: after.unicodeName, before: auditRecord(before), after: auditRecord(after) };
  });
}

// Its DKIM keys and domain routes go with it; its addresses must be gone first.
export async function domainRemove(db: Db, actor: Actor, name: string): Promise<void> {
  await audited(db, actor, "domain.remove", async (tx) => {
    const d = await domainByName(tx, name);
    await refuseWhileAddressed(tx, d);
    const keys = await tx.dkimKey.findMany({ where: { domainId: d.id }, select: { selector: true } });
    await tx.domain.delete({ where: { id: d.id } });
    return { result: undefined, target: d.unicodeName, before: { ...auditRecord(d), dkimSelectors: keys.map((k) => k.selector) } };
  });
}

async function refuseWhileAddressed(tx: Tx, d: Domain): Promise<void> {
  const addresses = await tx.address.findMany({ where: { domainId: d.id }, select: { account: { select: { name: true } } } });
  if (addresses.length === 0) return;
  const accounts = [...new Set(addresses.map((a) => a.account.name))].sort();
  const shown = accounts.slice(0, 5).join(", ") + (accounts.length > 5 ? ` and ${accounts.length - 5} more` : "");
  throw new AppError(
    "user",
    `${d.unicodeName} still has ${addresses.length} address${addresses.length === 1 ? "" : "es"} of account${accounts.length === 1 ? "" : "s"} ${shown}: remove those addresses (or the accounts) first`,
  );
}

// Puts the server function's own errors on the form field they are about.
function onFields<T>(fn: () => T, fields: Record<string, string>): T {
  const rethrow = (err: unknown): never => {
    if (err instanceof AppError && !err.field && fields[err.code]) throw new AppError(err.code, err.message, fields[err.code]);
    throw err;
  };
  try {
    const result = fn();
    return (result instanceof Promise ? result.catch(rethrow) : result) as T;
  } catch (err) {
    return rethrow(err);
  }
}
