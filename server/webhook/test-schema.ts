// The sample payloads of the account page's "Test" buttons (spec 11.4) and what a test may send, apart from the
// code that sends it: the test dialog validates its form with these, so this file is browser-safe.
import { z } from "zod";
import { OUTGOING_EVENTS } from "./outgoing-events";
import { authorizationSchema, webhookUrlSchema } from "./settings-schema";

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
export const outgoingPayloadSchema = z.strictObject({
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

