// The rules for an account's webhook settings (spec 2.1, 11.4) as zod schemas, apart from the code that saves
// them: the pages validate their forms with these, so this file imports nothing that cannot run in a browser.
import { z } from "zod";
import { OUTGOING_EVENTS } from "./outgoing-events";

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => s === "" || isHttpUrl(s), { message: "webhook URL must be an http:// or https:// URL" });

// Sent verbatim as a header: control characters would split it.
export const authorizationValueSchema = z
  .string()
  .max(4096)
  .refine((s) => ![...s].some((c) => c < " " || c === "\x7f"), { message: "Authorization may not contain control characters or line breaks" });
export const authorizationSchema = authorizationValueSchema.default("");

export const outgoingEventsSchema = z
  .array(z.enum(OUTGOING_EVENTS, { message: `unknown event; events are ${OUTGOING_EVENTS.join(", ")}` }))
  .default([])
  .transform((events) => [...new Set(events)]);

export const outgoingWebhookSchema = z.strictObject({ url: webhookUrlSchema, authorization: authorizationSchema, events: outgoingEventsSchema });

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
