// Which account an email address belongs to, resolved the way logins and From checks need it: the domain must
// exist, the localpart is canonicalised (catchall suffix cut, case folded), and a domain catchall ("@domain")
// catches what no address claims. "mox+anything@localhost" belongs to the account owning "mox@localhost".
// Plain SQL: every Send asks this.
import { canonicalLocalpart, formatAddress, type Address } from "../address/parse";
import { sqlPool, type Db } from "../db/client";
import type { Domain } from "../db/generated/client";
import { ExpiringCache } from "../runtime/expiring-cache";

export type DomainInfo = Pick<Domain, "id" | "name" | "unicodeName" | "localpartCatchallSeparators" | "localpartCaseSensitive" | "disabledReason">;
export type AddressOwner = { domain: DomainInfo; accountId: number; localpart: string; mailbox: string };

export async function findAddressOwner(db: Db, address: Address): Promise<AddressOwner | null> {
  const sql = sqlPool(db);
  const { rows: domains } = await sql.query<DomainInfo>(
    `SELECT "id", "name", "unicodeName", "localpartCatchallSeparators", "localpartCaseSensitive", "disabledReason"
     FROM "Domain" WHERE "name" = $1`,
    [address.domain.ascii],
  );
  const domain = domains[0];
  if (!domain) return null;
  const localpart = canonicalLocalpart(address.localpart, domain);
  const { rows } = await sql.query<{ accountId: number; localpart: string; mailbox: string }>(
    `SELECT "accountId", "localpart", "mailbox" FROM "Address" WHERE "domainId" = $1 AND "localpart" IN ($2, '')
     ORDER BY "localpart" DESC LIMIT 1`,
    [domain.id, localpart],
  );
  return rows[0] ? { domain, ...rows[0] } : null;
}

// Every Send checks its From address, nearly always the same few. Answers are reused for a few seconds, so an
// address moved to another account or a disabled domain applies within that time.
const REUSE_MS = 5_000;

export function cachedAddressOwners(db: Db): (address: Address) => Promise<AddressOwner | null> {
  const cache = new ExpiringCache<AddressOwner | null>(REUSE_MS);
  return async (address) => {
    const key = formatAddress(address, "ascii");
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const owner = await findAddressOwner(db, address);
    cache.set(owner, key);
    return owner;
  };
}

// Who receives postmaster@ of a domain that has no such address (RFC 5321 requires accepting it): the account
// of the domain's first address, into that address's mailbox.
export async function findPostmaster(db: Db, domainAscii: string): Promise<{ accountId: number; mailbox: string } | null> {
  const { rows } = await sqlPool(db).query<{ accountId: number; mailbox: string }>(
    `SELECT a."accountId", a."mailbox" FROM "Address" a JOIN "Domain" d ON d."id" = a."domainId" WHERE d."name" = $1 ORDER BY a."id" LIMIT 1`,
    [domainAscii],
  );
  return rows[0] ?? null;
}
