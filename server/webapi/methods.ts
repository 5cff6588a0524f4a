// The twelve methods of webapi v0: request and response types, implementation, and the examples the method
// pages show.
import type { z } from "zod";
import type { WebapiContext } from "./context";
import type { ReplayedAnswer } from "./idempotent-send";
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
import {
  EmptyResultSchema,
  MessageGetResultSchema,
  SendResultSchema,
  SuppressionListResultSchema,
  SuppressionPresentResultSchema,
} from "./responses";
import { send } from "./send";
import { suppressionAdd, suppressionList, suppressionPresent, suppressionRemove } from "./suppression-methods";

export type Method = {
  schema: z.ZodType;
  // Null for the byte-returning methods, which stream the bytes instead of JSON.
  response: z.ZodType | null;
  run: (ctx: WebapiContext, req: never) => Promise<unknown>;
  bytes: boolean;
  example: unknown;
  exampleResponse: unknown;
};

function method<S extends z.ZodType, R extends z.ZodType>(
  schema: S,
  response: R,
  run: (ctx: WebapiContext, req: z.infer<S>) => Promise<z.input<R> | ReplayedAnswer>,
  example: unknown,
  exampleResponse: z.input<R>,
): Method {
  return { schema, response, run: run as Method["run"], bytes: false, example, exampleResponse };
}

function bytesMethod<S extends z.ZodType>(schema: S, run: (ctx: WebapiContext, req: z.infer<S>) => Promise<Buffer>, example: unknown): Method {
  return { schema, response: null, run: run as Method["run"], bytes: true, example, exampleResponse: null };
}

// Lexicographic, as mox lists them on its index page.
export const METHODS = {
  MessageDelete: method(MsgIDSchema, EmptyResultSchema, messageDelete, ex.msgId, {}),
  MessageFlagsAdd: method(MessageFlagsSchema, EmptyResultSchema, messageFlagsAdd, ex.flags, {}),
  MessageFlagsRemove: method(MessageFlagsSchema, EmptyResultSchema, messageFlagsRemove, ex.flags, {}),
  MessageGet: method(MsgIDSchema, MessageGetResultSchema, messageGet, ex.msgId, ex.messageGetResult),
  MessageMove: method(MessageMoveSchema, EmptyResultSchema, messageMove, ex.move, {}),
  MessagePartGet: bytesMethod(MessagePartGetSchema, messagePartGet, ex.partGet),
  MessageRawGet: bytesMethod(MsgIDSchema, messageRawGet, ex.msgId),
  Send: method(SendRequestSchema, SendResultSchema, send, ex.send, ex.sendResult),
  SuppressionAdd: method(SuppressionAddSchema, EmptyResultSchema, suppressionAdd, ex.suppressionAdd, {}),
  SuppressionList: method(EmptyRequestSchema, SuppressionListResultSchema, suppressionList, {}, ex.suppressionList),
  SuppressionPresent: method(EmailAddressSchema, SuppressionPresentResultSchema, suppressionPresent, ex.emailAddress, { Present: true }),
  SuppressionRemove: method(EmailAddressSchema, EmptyResultSchema, suppressionRemove, ex.emailAddress, {}),
} satisfies Record<string, Method>;

export type MethodName = keyof typeof METHODS;

export function findMethod(name: string): Method | undefined {
  return Object.hasOwn(METHODS, name) ? METHODS[name as MethodName] : undefined;
}
