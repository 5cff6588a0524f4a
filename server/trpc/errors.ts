// The one mapping of our typed errors to tRPC errors. Unknown failures are logged by the HTTP handler and
// reach the browser only as "internal error", never with their message.
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { AppError } from "../errors";

// The codes of AppErrors the procedures' server functions throw; any other is a bug, reported as internal.
const CODES: Record<string, TRPC_ERROR_CODE_KEY> = {
  user: "BAD_REQUEST",
  error: "BAD_REQUEST",
  badAddress: "BAD_REQUEST",
  badDomain: "BAD_REQUEST",
  notFound: "NOT_FOUND",
  unknownAccount: "NOT_FOUND",
  unknownDomain: "NOT_FOUND",
  exists: "CONFLICT",
};

export function toTrpcError(err: TRPCError): TRPCError {
  const cause = err.cause;
  if (!(cause instanceof AppError)) return err;
  // Every "bad<Thing>" code (badAddress, badSeparator, badAccountName, ...) is a bad input.
  const code = CODES[cause.code] ?? (/^bad[A-Z]/.test(cause.code) ? "BAD_REQUEST" : undefined);
  if (!code) return new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "internal error", cause });
  return new TRPCError({ code, message: cause.message, cause });
}
