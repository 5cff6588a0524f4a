// An account's webhook settings (spec 2.1, 11.4): the outgoing webhook (URL, Authorization, subscribed events;
// none means all), the incoming webhook (URL, Authorization), how long retired webhooks are kept, and our
// signing secret. An empty URL turns a webhook off. Queued hooks keep the URL and Authorization they were
// queued with. Callers parse their input with the schemas here.
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { OUTGOING_EVENTS } from "./outgoing-events";
import { newSigningSecret } from "./signature";

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => s === "" || isHttpUrl(s), { message: "webhook URL must be an http:// or https:// URL" });

// Sent verbatim as a header: control characters would split it.
export const authorizationSchema = z
  .string()
  .max(4096)
  .refine((s) => ![...s].some((c) => c < " " || c === "\x7f"), { message: "Authorization may not contain control characters or line breaks" })
  .default("");

export const outgoingWebhookSchema = z.strictObject({
  url: webhookUrlSchema,
  authorization: authorizationSchema,
  events: z
    .array(z.enum(OUTGOING_EVENTS, { message: `unknown event; events are ${OUTGOING_EVENTS.join(", ")}` }))
    .default([])
    .transform((events) => [...new Set(events)]),
});

export const incomingWebhookSchema = z.strictObject({ url: webhookUrlSchema, authorization: authorizationSchema });

// Seconds; 0 keeps nothing.
export const keepRetiredWebhooksSchema = z.int().min(0).max(10 * 366 * 24 * 3600);

export type OutgoingWebhookSettings = z.output<typeof outgoingWebhookSchema>;
export type IncomingWebhookSettings = z.output<typeof incomingWebhookSchema>;

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

async function updateAccount(db: Db, account: string, data: Parameters<Db["account"]["updateMany"]>[0]["data"]): Promise<void> {
  const { count } = await db.account.updateMany({ where: { name: account }, data });
  if (count === 0) throw new AppError("unknownAccount", `account ${account} does not exist`);
}

export async function saveOutgoingWebhook(db: Db, account: string, settings: OutgoingWebhookSettings): Promise<void> {
  const { url, authorization, events } = settings;
  await updateAccount(db, account, { outgoingWebhookUrl: url, outgoingWebhookAuthorization: url ? authorization : "", outgoingWebhookEvents: url ? events : [] });
}

export async function saveIncomingWebhook(db: Db, account: string, settings: IncomingWebhookSettings): Promise<void> {
  const { url, authorization } = settings;
  await updateAccount(db, account, { incomingWebhookUrl: url, incomingWebhookAuthorization: url ? authorization : "" });
}

export async function saveKeepRetiredWebhooks(db: Db, account: string, seconds: number): Promise<void> {
  await updateAccount(db, account, { keepRetiredWebhookPeriodSec: seconds });
}

// Turns request signing on with a new secret, which is returned (show it once), or off.
export async function setWebhookSigningSecret(db: Db, account: string, on: boolean): Promise<string> {
  const secret = on ? newSigningSecret() : "";
  await updateAccount(db, account, { webhookSigningSecret: secret });
  return secret;
}
