// The setup of spec 12.1, with names unique to the run: a domain with catchall separator "+" and a DKIM key,
// account "mjl" with three addresses, tight send limits and a fromid login address, and a second account.
import { afterAll, beforeAll } from "vitest";
import { generateDkimKey } from "../../server/dkim/sign";
import type { Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { testDb, unique } from "./env";
import { basic, startWebapi, type WebapiServer } from "./webapi";

// NFD "é" and two kinds of Unicode space: logins must work with this and with its PRECIS-normalised form.
export const PASSWORD_RAW = "te\u0301st\u00a0pass\u2002word";
export const PASSWORD_NORMALISED = "tést pass word";

export type Fixture = {
  domain: string;
  mjl: { name: string; id: number; address: string };
  other: { name: string; address: string };
  dkim: { selector: string; publicKeyDns: string; algorithm: "ed25519" | "rsa" };
};

export async function createFixture(db: Db, algorithm: "ed25519" | "rsa" = "ed25519"): Promise<Fixture> {
  const domain = `${unique("d")}.example`.toLowerCase();
  const d = await createDomain(db, { name: domain, catchallSeparators: ["+"] });
  const key = generateDkimKey(algorithm);
  await db.dkimKey.create({ data: { domainId: d.id, selector: "sel1", algorithm, privateKeyPem: key.privateKeyPem, publicKeyDns: key.publicKeyDns } });

  const mjlName = unique("mjl");
  const mjl = await createAccount(db, { name: mjlName, address: `mjl@${domain}`, password: PASSWORD_RAW, fullName: "Mjl Test" });
  for (const localpart of ["møx", "móx"]) await db.address.create({ data: { accountId: mjl.id, domainId: d.id, localpart } });
  await db.account.update({
    where: { id: mjl.id },
    data: { maxOutgoingMessagesPerDay: 30, maxFirstTimeRecipientsPerDay: 10, fromIdLoginAddresses: [`mjl+fromid@${domain}`] },
  });
  const otherName = unique("other");
  await createAccount(db, { name: otherName, address: `other@${domain}`, password: PASSWORD_RAW });
  return {
    domain,
    mjl: { name: mjlName, id: mjl.id, address: `mjl@${domain}` },
    other: { name: otherName, address: `other@${domain}` },
    dkim: { selector: "sel1", publicKeyDns: key.publicKeyDns, algorithm },
  };
}

export type WebapiSuite = { db: Db; api: WebapiServer; fx: Fixture; auth: string };

// The fixture and a webapi server on loopback for one test file; `auth` logs in as mjl.
export function webapiSuite(): WebapiSuite {
  const suite = {} as WebapiSuite;
  beforeAll(async () => {
    suite.db = testDb();
    suite.fx = await createFixture(suite.db);
    suite.auth = basic(suite.fx.mjl.address, PASSWORD_RAW);
    suite.api = await startWebapi(suite.db);
  });
  afterAll(async () => {
    await suite.api.close();
    await suite.db.$disconnect();
  });
  return suite;
}
