// The sending account of the webapi benchmarks, with its limits out of the way: they measure the request path,
// not the refusal.
import type { Db } from "../server/db/client";
import { createAccount } from "../server/provision/account";
import { createDomain } from "../server/store/domains";

const PASSWORD = "bench-password";

// Creates the domain and account, and returns the Authorization header that logs in as sender@domain.
export async function provisionSender(db: Db, domain: string, accountName: string): Promise<string> {
  const address = `sender@${domain}`;
  await createDomain(db, { name: domain, catchallSeparators: ["+"] });
  const account = await createAccount(db, { name: accountName, address, password: PASSWORD });
  await db.account.update({ where: { id: account.id }, data: { maxOutgoingMessagesPerDay: 1_000_000_000, maxFirstTimeRecipientsPerDay: 1_000_000_000 } });
  return `Basic ${Buffer.from(`${address}:${PASSWORD}`).toString("base64")}`;
}
