// The tRPC foundation shared by every audience: context, transformer, error shape and the procedure ladder.
// public: anyone (login); account: a user's session; admin: the admin's session. Admin and account sessions
// are separate cookies and neither opens the other's procedures. Mutations also need the session's CSRF token.
// Session procedures know their actor, which configuration changes record in the audit log.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Actor } from "../audit/audit-log";
import { AppError } from "../errors";
import { csrfMatches, findSession, SESSION_COOKIE, type SessionKind } from "../auth/session";
import type { TrpcContext } from "./context";
import { toTrpcError } from "./errors";

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: { ...shape.data, stack: undefined, fieldErrors: fieldErrorsOf(error.cause) },
  }),
});

// Zod's per-field messages, or the field an AppError names; forms show them on the field.
function fieldErrorsOf(cause: unknown): Record<string, string[]> | undefined {
  if (cause instanceof z.ZodError) return z.flattenError(cause).fieldErrors as Record<string, string[]>;
  if (cause instanceof AppError && cause.field) return { [cause.field]: [cause.message] };
  return undefined;
}

export const router = t.router;

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(mapErrors);

const withSession = (kind: SessionKind) =>
  t.middleware(async ({ ctx, type, next }) => {
    const session = await findSession(ctx.deps.db, kind, ctx.cookies[SESSION_COOKIE[kind]], ctx.deps.clock.now());
    if (!session) throw new TRPCError({ code: "UNAUTHORIZED", message: `log in to the ${kind} area first` });
    if (type === "mutation" && !csrfMatches(session, ctx.csrfToken)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "missing or wrong CSRF token: reload the page" });
    }
    const actor: Actor = { surface: kind, name: kind === "admin" ? "admin" : session.loginAddress, ip: ctx.ip };
    return next({ ctx: { ...ctx, session, actor } });
  });

export const adminProcedure = publicProcedure.use(withSession("admin"));
export const accountProcedure = publicProcedure.use(withSession("account"));
