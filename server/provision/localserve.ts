// localserve's built-in defaults (spec 9), created on first start and left alone afterwards, so that changes
// made through the UI or CLI survive restarts. The domain gets an ed25519 DKIM key that signs whenever it has
// none, so localserve's mail is signed like production mail.
import { setAdminPassword } from "../auth/admin";
import type { Db } from "../db/client";
import { ensureDkimKey } from "../dkim/keys";
import type { Logger } from "../log/logger";
import { createDomain } from "../store/domains";
import { createAccount } from "./account";

export const LOCALSERVE = {
  domain: "localhost",
  separator: "+",
  account: "mox",
  address: "mox@localhost",
  password: "moxmoxmox",
  adminPassword: "moxadmin",
  keepRetiredPeriodSec: 72 * 3600,
} as const;

export async function provisionLocalserve(db: Db, logger: Logger): Promise<void> {
  if (!(await db.domain.findUnique({ where: { name: LOCALSERVE.domain } }))) {
    await createDomain(db, { name: LOCALSERVE.domain, catchallSeparators: [LOCALSERVE.separator] });
    logger.info({ domain: LOCALSERVE.domain }, "created localserve domain");
  }
  const key = await ensureDkimKey(db, new Date(), LOCALSERVE.domain, "ed25519");
  if (key) logger.info({ domain: LOCALSERVE.domain, selector: key.selector, algorithm: key.algorithm }, "created localserve DKIM key");
  if (!(await db.account.findUnique({ where: { name: LOCALSERVE.account } }))) {
    await createAccount(db, {
      name: LOCALSERVE.account,
      address: LOCALSERVE.address,
      password: LOCALSERVE.password,
      keepRetiredMessagePeriodSec: LOCALSERVE.keepRetiredPeriodSec,
      keepRetiredWebhookPeriodSec: LOCALSERVE.keepRetiredPeriodSec,
    });
    logger.info({ account: LOCALSERVE.account, address: LOCALSERVE.address }, "created localserve account");
  }
  if (!(await db.adminCredential.findUnique({ where: { id: 1 } }))) {
    await setAdminPassword(db, LOCALSERVE.adminPassword);
    logger.info("set localserve admin password");
  }
}
