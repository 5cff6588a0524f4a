// The twelve methods of webapi v0: request type, implementation, and the examples the method pages show.
import type { z } from "zod";
import type { WebapiContext } from "./context";
import * as ex from "./examples";
import {
  messageDelete,
  messageFlagsAdd,
  messageFlagsRemove,
  messageGet,
  messageMove,
  messagePartGet,
  messageRawGet,
} from "./message-methods";
import {
  EmailAddressSchema,
  EmptyRequestSchema,
  MessageFlagsSchema,
  MessageMoveSchema,
  MessagePartGetSchema,
  MsgIDSchema,
  SendRequestSchema,
  SuppressionAddSchema,
} from "./requests";
import { send } from "./send";
import { suppressionAdd, suppressionList, suppressionPresent, suppressionRemove } from "./suppression-methods";

export type Method = {
  schema: z.ZodType;
  run: (ctx: WebapiContext, req: never) => Promise<unknown>;
  // Byte-returning methods stream the bytes instead of JSON.
  bytes: boolean;
  example: unknown;
  exampleResponse: unknown;
};

function method<S extends z.ZodType>(
  schema: S,
  run: (ctx: WebapiContext, req: z.infer<S>) => Promise<unknown>,
  example: unknown,
  exampleResponse: unknown = null,
): Method {
  return { schema, run: run as Method["run"], bytes: exampleResponse === null, example, exampleResponse };
}

// Lexicographic, as mox lists them on its index page.
export const METHODS = {
  MessageDelete: method(MsgIDSchema, messageDelete, ex.msgId, {}),
  MessageFlagsAdd: method(MessageFlagsSchema, messageFlagsAdd, ex.flags, {}),
  MessageFlagsRemove: method(MessageFlagsSchema, messageFlagsRemove, ex.flags, {}),
  MessageGet: method(MsgIDSchema, messageGet, ex.msgId, ex.messageGetResult),
  MessageMove: method(MessageMoveSchema, messageMove, ex.move, {}),
  MessagePartGet: method(MessagePartGetSchema, messagePartGet, ex.partGet),
  MessageRawGet: method(MsgIDSchema, messageRawGet, ex.msgId),
  Send: method(SendRequestSchema, send, ex.send, ex.sendResult),
  SuppressionAdd: method(SuppressionAddSchema, suppressionAdd, ex.suppressionAdd, {}),
  SuppressionList: method(EmptyRequestSchema, suppressionList, {}, ex.suppressionList),
  SuppressionPresent: method(EmailAddressSchema, suppressionPresent, ex.emailAddress, { Present: true }),
  SuppressionRemove: method(EmailAddressSchema, suppressionRemove, ex.emailAddress, {}),
} satisfies Record<string, Method>;

export type MethodName = keyof typeof METHODS;

export function findMethod(name: string): Method | undefined {
  return Object.hasOwn(METHODS, name) ? METHODS[name as MethodName] : undefined;
}
