// Which account an email address belongs to, resolved the way logins and From checks need it: the domain must
// exist, the localpart is canonicalised (catchall suffix cut, case folded), and a domain catchall ("@domain")
// catches what no address claims. "mox+anything@localhost" belongs to the account owning "mox@localhost".
import { canonicalLocalpart, type Address } from "../address/parse";
import type { Db, Tx } from "../db/client";
import type { Domain } from "../db/generated/client";

export type AddressOwner = { domain: Domain; accountId: number; localpart: string; mailbox: string };

export async function findAddressOwner(db: Db | Tx, address: Address): Promise<AddressOwner | null> {
  const domain = await db.domain.findUnique({ where: { name: address.domain.ascii } });
  if (!domain) return null;
  const localpart = canonicalLocalpart(address.localpart, domain);
  const rows = await db.address.findMany({
    where: { domainId: domain.id, localpart: { in: [localpart, ""] } },
    select: { accountId: true, localpart: true, mailbox: true },
  });
  const row = rows.find((r) => r.localpart === localpart) ?? rows.find((r) => r.localpart === "");
  return row ? { domain, accountId: row.accountId, localpart: row.localpart, mailbox: row.mailbox } : null;
}
