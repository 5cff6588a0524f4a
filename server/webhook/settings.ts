// An account's webhook settings (spec 2.1, 11.4): the outgoing webhook (URL, Authorization, subscribed events;
// none means all), the incoming webhook (URL, Authorization), how long retired webhooks are kept, and our
// signing secret. An empty URL turns a webhook off. Queued hooks keep the URL and Authorization they were
// queued with. Callers parse their input with the schemas of settings-schema.ts, exported here too.
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";
import type { IncomingWebhookSettings, OutgoingWebhookSettings } from "./settings-schema";
import { newSigningSecret } from "./signature";

export {
  authorizationSchema,
  incomingWebhookSchema,
  keepRetiredWebhooksSchema,
  outgoingWebhookSchema,
  webhookUrlSchema,
  type IncomingWebhookSettings,
  type OutgoingWebhookSettings,
} from "./settings-schema";

async function updateAccount(db: Db | Tx, account: string, data: Parameters<Db["account"]["updateMany"]>[0]["data"]): Promise<void> {
  const { count } = await db.account.updateMany({ where: { name: account }, data });
  if (count === 0) throw new AppError("unknownAccount", `account ${account} does not exist`);
}

export async function saveOutgoingWebhook(db: Db | Tx, account: string, settings: OutgoingWebhookSettings): Promise<void> {
  const { url, authorization, events } = settings;
  await updateAccount(db, account, { outgoingWebhookUrl: url, outgoingWebhookAuthorization: url ? authorization : "", outgoingWebhookEvents: url ? events : [] });
}

export async function saveIncomingWebhook(db: Db | Tx, account: string, settings: IncomingWebhookSettings): Promise<void> {
  const { url, authorization } = settings;
  await updateAccount(db, account, { incomingWebhookUrl: url, incomingWebhookAuthorization: url ? authorization : "" });
}

export async function saveKeepRetiredWebhooks(db: Db | Tx, account: string, seconds: number): Promise<void> {
  await updateAccount(db, account, { keepRetiredWebhookPeriodSec: seconds });
}

// Turns request signing on with a new secret, which is returned (show it once), or off.
export async function setWebhookSigningSecret(db: Db | Tx, account: string, on: boolean): Promise<string> {
  const secret = on ? newSigningSecret() : "";
  await updateAccount(db, account, { webhookSigningSecret: secret });
  return secret;
}
