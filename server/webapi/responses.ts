// The response types of webapi v0 (spec 1.4, 1.5): what each JSON method answers, and the error body. The method
// table types each method's result with these, and the OpenAPI document is generated from them.
import type { ApiStructure } from "../message/structure";
import { z } from "zod";

// The codes a client can see (spec 1.4). Any other failure is reported as "server".
export const API_CODES = [
  "protocol",
  "server",
  "user",
  "error",
  "badAddress",
  "missingBody",
  "multipleFrom",
  "badFrom",
  "noRecipients",
  "messageLimitReached",
  "recipientLimitReached",
  "messageTooLarge",
  "malformedMessageID",
  "sentOverQuota",
  "messageNotFound",
  "partNotFound",
  "domainDisabled",
] as const;

export const ErrorSchema = z.object({ Code: z.enum(API_CODES), Message: z.string() });

// Go marshals time.Time as RFC 3339 with the value's own offset.
const time = () => z.iso.datetime({ offset: true });

const NameAddressResultSchema = z.object({ Name: z.string(), Address: z.string() });

export const EmptyResultSchema = z.object({});

export const SubmissionSchema = z.object({
  Address: z.string().meta({ description: "The recipient as the request gave it." }),
  QueueMsgID: z.int(),
  FromID: z.string().meta({ description: 'The unique envelope sender\'s id when the login address uses fromids, else "".' }),
});

export const SendResultSchema = z.object({
  MessageID: z.string().meta({ description: "The Message-ID, with angle brackets." }),
  Submissions: z.array(SubmissionSchema).meta({ description: "One per recipient, in To, CC, BCC order." }),
});

export const SuppressionSchema = z.object({
  ID: z.int(),
  Created: time(),
  Account: z.string(),
  BaseAddress: z.string(),
  OriginalAddress: z.string(),
  Manual: z.boolean(),
  Reason: z.string(),
});

export const SuppressionListResultSchema = z.object({ Suppressions: z.array(SuppressionSchema) });
export const SuppressionPresentResultSchema = z.object({ Present: z.boolean() });

export const MessageSchema = z.object({
  From: z.array(NameAddressResultSchema),
  To: z.array(NameAddressResultSchema),
  CC: z.array(NameAddressResultSchema),
  BCC: z.array(NameAddressResultSchema),
  ReplyTo: z.array(NameAddressResultSchema),
  MessageID: z.string(),
  References: z.array(z.string()),
  Date: time().nullable(),
  Subject: z.string(),
  Text: z.string(),
  HTML: z.string(),
});

export const StructureSchema: z.ZodType<ApiStructure> = z.object({
  ContentType: z.string().meta({ description: 'Lower-case "type/subtype".' }),
  ContentTypeParams: z.record(z.string(), z.string()),
  ContentID: z.string(),
  ContentDisposition: z.string(),
  Filename: z.string(),
  DecodedSize: z.int(),
  get Parts() {
    return z.array(StructureSchema);
  },
});

export const MessageMetaSchema = z.object({
  Size: z.int(),
  DSN: z.boolean(),
  Flags: z.array(z.string()),
  MailFrom: z.string(),
  MailFromValidated: z.boolean(),
  RcptTo: z.string(),
  MsgFrom: z.string(),
  MsgFromValidated: z.boolean(),
  DKIMVerifiedDomains: z.array(z.string()),
  RemoteIP: z.string(),
  MailboxName: z.string(),
});

export const MessageGetResultSchema = z.object({ Message: MessageSchema, Structure: StructureSchema, Meta: MessageMetaSchema });
