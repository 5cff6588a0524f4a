// An account's webhook settings (spec 2.1, 11.4): the outgoing webhook (URL, Authorization, subscribed events;
// none means all), the incoming webhook (URL, Authorization), how long retired webhooks are kept, and our
// signing secret. An empty URL turns a webhook off. Queued hooks keep the URL and Authorization they were
// queued with. Callers parse their input with the schemas of settings-schema.ts, exported here too.
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";
import type { IncomingWebhookSettings, OutgoingWebhookSettings } from "./settings-schema";
import { newSigningSecret, ROTATION_OVERLAP_MS, type SigningSecrets } from "./signature";

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

// The signing fields as audit entries record them: the secrets under names that mask them.
export const signingAuditView = (a: SigningSecrets) => ({
  webhookSigningSecret: a.webhookSigningSecret,
  previousSigningSecret: a.webhookSigningPrevious,
  overlapUntil: a.webhookSigningPreviousUntil,
});

// Turns request signing on with a new secret, which is returned (show it once), or off. Either way an older
// secret stops signing at once.
export async function setWebhookSigningSecret(db: Db | Tx, account: string, on: boolean): Promise<string> {
  const secret = on ? newSigningSecret() : "";
  await updateAccount(db, account, { webhookSigningSecret: secret, webhookSigningPrevious: "", webhookSigningPreviousUntil: null });
  return secret;
}

// Replaces the secret with a new one, which is returned (show it once); the old one still signs, as a second
// signature, for ROTATION_OVERLAP_MS, while receivers switch. Without a secret yet, signing just starts.
export async function rotateWebhookSigningSecret(db: Db | Tx, account: string, now: Date): Promise<{ secret: string; previousUntil: Date | null }> {
  const found = await db.account.findUnique({ where: { name: account }, select: { webhookSigningSecret: true } });
  if (!found) throw new AppError("unknownAccount", `account ${account} does not exist`);
  if (!found.webhookSigningSecret) return { secret: await setWebhookSigningSecret(db, account, true), previousUntil: null };
  const secret = newSigningSecret();
  const previousUntil = new Date(now.getTime() + ROTATION_OVERLAP_MS);
  await updateAccount(db, account, { webhookSigningSecret: secret, webhookSigningPrevious: found.webhookSigningSecret, webhookSigningPreviousUntil: previousUntil });
  return { secret, previousUntil };
}
