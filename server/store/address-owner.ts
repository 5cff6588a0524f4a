// Which account an email address belongs to, resolved the way logins and From checks need it: the domain must
// exist, the localpart is canonicalised (catchall suffix cut, case folded), and a domain catchall ("@domain")
// catches what no address claims. "mox+anything@localhost" belongs to the account owning "mox@localhost".
// Plain SQL: every Send asks this.
import { canonicalLocalpart, type Address } from "../address/parse";
import { sqlPool, type Db } from "../db/client";
import type { Domain } from "../db/generated/client";

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
