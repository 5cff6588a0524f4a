// The request types of webapi v0, field for field as mox names them (spec 1.5, 1.6).
import { z } from "zod";
import { goBool, goInt, goSlice, goString, goStringMap, goStruct, goTime } from "./go-json";

export const NameAddressSchema = goStruct({ Name: goString(), Address: goString() });

export const FileSchema = goStruct({ Name: goString(), ContentType: goString(), ContentID: goString(), Data: goString() });

const messageFields = {
  From: goSlice(NameAddressSchema),
  To: goSlice(NameAddressSchema),
  CC: goSlice(NameAddressSchema),
  BCC: goSlice(NameAddressSchema),
  ReplyTo: goSlice(NameAddressSchema),
  MessageID: goString(),
  References: goSlice(z.string()),
  Date: goTime(),
  Subject: goString(),
  Text: goString(),
  HTML: goString(),
};

export const SendRequestSchema = goStruct({
  ...messageFields,
  Extra: goStringMap(),
  Headers: goSlice(z.tuple([z.string(), z.string()])),
  AlternativeFiles: goSlice(FileSchema),
  InlineFiles: goSlice(FileSchema),
  AttachedFiles: goSlice(FileSchema),
  RequireTLS: z.boolean().nullable().default(null),
  FutureRelease: goTime(),
  SaveSent: goBool(),
});

export const EmptyRequestSchema = goStruct({});
export const SuppressionAddSchema = goStruct({ EmailAddress: goString(), Manual: goBool(), Reason: goString() });
export const EmailAddressSchema = goStruct({ EmailAddress: goString() });
export const MsgIDSchema = goStruct({ MsgID: goInt() });
export const MessagePartGetSchema = goStruct({ MsgID: goInt(), PartPath: goSlice(z.int()) });
export const MessageFlagsSchema = goStruct({ MsgID: goInt(), Flags: goSlice(z.string()) });
export const MessageMoveSchema = goStruct({ MsgID: goInt(), DestMailboxName: goString() });

export type NameAddress = z.infer<typeof NameAddressSchema>;
export type FileRequest = z.infer<typeof FileSchema>;
export type SendRequest = z.infer<typeof SendRequestSchema>;
