// The request types of webapi v0, field for field as mox names them (spec 1.5, 1.6).
import { z } from "zod";
import { goBool, goInt, goSlice, goString, goStringMap, goStruct, goTime } from "./go-json";

export const NameAddressSchema = goStruct({ Name: goString(), Address: goString() });

export const FileSchema = goStruct({
  Name: goString(),
  ContentType: goString(),
  ContentID: goString(),
  Data: goString().meta({ description: "The file's bytes in standard base64, padded; line breaks are ignored." }),
});

const messageFields = {
  From: goSlice(NameAddressSchema).meta({ description: "At most one; empty: the login address, with the account's full name." }),
  To: goSlice(NameAddressSchema),
  CC: goSlice(NameAddressSchema),
  BCC: goSlice(NameAddressSchema),
  ReplyTo: goSlice(NameAddressSchema),
  MessageID: goString().meta({ description: "With angle brackets; empty: a generated one." }),
  References: goSlice(z.string()).meta({ description: "Message-IDs; the last one is also the In-Reply-To." }),
  Date: goTime().meta({ description: "RFC 3339; null: the time of the call." }),
  Subject: goString(),
  Text: goString(),
  HTML: goString(),
};

export const SendRequestSchema = goStruct({
  ...messageFields,
  Extra: goStringMap().meta({ description: "Kept with the message and returned in its webhooks." }),
  Headers: goSlice(z.tuple([z.string(), z.string()])).meta({ description: "Extra header fields, as [name, value] pairs." }),
  AlternativeFiles: goSlice(FileSchema),
  InlineFiles: goSlice(FileSchema),
  AttachedFiles: goSlice(FileSchema),
  RequireTLS: z.boolean().nullable().default(null).meta({ description: "true: verified TLS and REQUIRETLS at the next hop; false: ignore TLS policies on failure (TLS-Required: No); null: the recipient domain's policy." }),
  FutureRelease: goTime().meta({ description: "RFC 3339, at most 60 days ahead: delivery starts then." }),
  SaveSent: goBool().meta({ description: "Store a copy in the Sent mailbox." }),
});

export const EmptyRequestSchema = goStruct({});
export const SuppressionAddSchema = goStruct({ EmailAddress: goString(), Manual: goBool(), Reason: goString() });
export const EmailAddressSchema = goStruct({ EmailAddress: goString() });
export const MsgIDSchema = goStruct({ MsgID: goInt() });
export const MessagePartGetSchema = goStruct({
  MsgID: goInt(),
  PartPath: goSlice(z.int()).meta({ description: "Indexes of sub-parts from the top; []: the body of the message itself." }),
});
export const MessageFlagsSchema = goStruct({ MsgID: goInt(), Flags: goSlice(z.string()) });
export const MessageMoveSchema = goStruct({ MsgID: goInt(), DestMailboxName: goString() });

export type NameAddress = z.infer<typeof NameAddressSchema>;
export type FileRequest = z.infer<typeof FileSchema>;
export type SendRequest = z.infer<typeof SendRequestSchema>;
