// Inputs of account.webhook.*: the webhooks page validates its forms with these same schemas, so a form
// shows on the field what the procedure would refuse. Bundled for the browser: zod and browser-safe rules only.
import { z } from "zod";
import { id } from "../../listing/id";
import { authorizationValueSchema, incomingWebhookSchema, outgoingWebhookSchema } from "../../webhook/settings-schema";
import { outgoingPayloadSchema, webhookTestSchema } from "../../webhook/test-schema";

// Authorization is write-only: absent keeps the stored one, "" clears it, anything else replaces it.
const authorization = authorizationValueSchema.optional();
export const outgoingSetSchema = outgoingWebhookSchema.extend({ authorization });
export const incomingSetSchema = incomingWebhookSchema.extend({ authorization });

// A test posts to the URL and Authorization in the form, saved or not; absent Authorization: the saved one.
const [outgoingTest, incomingTest] = webhookTestSchema.options;
export const webhookTestInputSchema = z.discriminatedUnion("kind", [outgoingTest.extend({ authorization }), incomingTest.extend({ authorization })]);

// The test dialog's outgoing sample as the user edits it: the fields mox's dialog offers, Extra as JSON text.
const jsonText = (message: string) =>
  z.string().transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
  });
export const outgoingSampleFormSchema = outgoingPayloadSchema.pick({ Event: true, DSN: true, Suppressing: true, FromID: true, MessageID: true, Error: true }).extend({
  QueueMsgID: z.coerce.number<string>().pipe(z.int("a whole number").min(0, "0 or more")),
  Extra: jsonText("Extra must be JSON, like {\"key\": \"value\"}").pipe(z.record(z.string(), z.string(), "Extra is an object of string values, like {\"key\": \"value\"}")),
});
export const incomingSampleFormSchema = z.strictObject({
  payload: jsonText("the payload must be JSON").pipe(z.record(z.string(), z.unknown(), "the payload is a JSON object")),
});

// Queued hooks page by next attempt, finished ones by last activity; last is that time of the last row shown.
export const hookPageSchema = z.strictObject({
  lastId: id.optional(),
  last: z.string().max(40).optional(),
  limit: z.int().min(1).max(200).default(50),
});

export const hookReplaySchema = z.strictObject({ ids: z.array(id).min(1, "select a webhook call to replay").max(100) });
