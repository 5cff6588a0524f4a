// The account page's "Test" buttons (spec 11.4): one POST of an edited sample payload to a URL, with
// X-Mox-Webhook-ID 1 and attempt 1 and the JSON indented for reading. Whatever the HTTP status, the caller
// gets the status, the start of the response and the error text; nothing is queued or retried.
import { z } from "zod";
import type { Dispatcher } from "undici";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { Clock } from "../runtime/clock";
import { OUTGOING_EVENTS } from "./outgoing-events";
import { goJsonStringify } from "./payload-json";
import { postHook, type HookResponse } from "./post";
import { authorizationSchema, webhookUrlSchema } from "./settings";

export const sampleOutgoingPayload = () => ({
  Version: 0,
  Event: "delivered",
  DSN: false,
  Suppressing: false,
  QueueMsgID: 101,
  FromID: "MDEyMzQ1Njc4OWFiY2RlZg",
  MessageID: "<QnxzgulZK51utga6agH_rg@localhost>",
  Subject: "subject of original message",
  WebhookQueued: "2024-03-27T00:00:00Z",
  SMTPCode: 250,
  SMTPEnhancedCode: "",
  Error: "",
  Extra: {},
});

export const sampleIncomingPayload = () => ({
  Version: 0,
  From: [{ Name: "", Address: "mox@localhost" }],
  To: [{ Name: "", Address: "mjl@localhost" }],
  CC: [],
  BCC: [],
  ReplyTo: [],
  Subject: "hi",
  MessageID: "<QnxzgulZK51utga6agH_rg@localhost>",
  InReplyTo: "",
  References: [],
  Date: "2024-03-27T00:00:00Z",
  Text: "hello world ☺\n",
  HTML: "",
  Structure: { ContentType: "text/plain", ContentTypeParams: { charset: "utf-8" }, ContentID: "", ContentDisposition: "", Filename: "", DecodedSize: 17, Parts: [] },
  Meta: {
    MsgID: 201,
    MailFrom: "mox@localhost",
    MailFromValidated: false,
    MsgFromValidated: true,
    RcptTo: "mjl@localhost",
    DKIMVerifiedDomains: ["localhost"],
    RemoteIP: "127.0.0.1",
    Received: "2024-03-27T00:00:00Z",
    MailboxName: "Inbox",
    Automated: false,
  },
});

// The fields a user may edit in the outgoing sample, with their types; the incoming sample is any object.
const outgoingPayloadSchema = z.strictObject({
  Version: z.literal(0),
  Event: z.enum(OUTGOING_EVENTS),
  DSN: z.boolean(),
  Suppressing: z.boolean(),
  QueueMsgID: z.int().min(0),
  FromID: z.string(),
  MessageID: z.string(),
  Subject: z.string(),
  WebhookQueued: z.iso.datetime(),
  SMTPCode: z.int().min(0).max(999),
  SMTPEnhancedCode: z.string(),
  Error: z.string(),
  Extra: z.record(z.string(), z.string()),
});

export const webhookTestSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("outgoing"), url: webhookUrlSchema, authorization: authorizationSchema, payload: outgoingPayloadSchema }),
  z.strictObject({ kind: z.literal("incoming"), url: webhookUrlSchema, authorization: authorizationSchema, payload: z.record(z.string(), z.unknown()) }),
]);
export type WebhookTest = z.output<typeof webhookTestSchema>;

export type WebhookTestDeps = { db: Db; clock: Clock; dispatcher: Dispatcher; timeoutMs: number };

// Signed with the account's secret when it has one, so the receiver's check can be tried too.
export async function testWebhook(deps: WebhookTestDeps, account: string, test: WebhookTest): Promise<HookResponse> {
  if (!test.url) throw new AppError("user", "give a webhook URL to test");
  const found = await deps.db.account.findUnique({ where: { name: account }, select: { webhookSigningSecret: true } });
  if (!found) throw new AppError("unknownAccount", `account ${account} does not exist`);
  const payload = goJsonStringify(test.payload, "\t");
  return postHook(
    deps.dispatcher,
    { id: 1n, attempt: 1, url: test.url, authorization: test.authorization, payload, signingSecret: found.webhookSigningSecret, timeoutMs: deps.timeoutMs },
    deps.clock.now(),
  );
}
