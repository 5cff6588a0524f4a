// Starting and ending a web session from a procedure, the same for both areas: the session row, its HttpOnly
// cookie, and the words for a refused login.
import { TRPCError } from "@trpc/server";
import { createSession, deleteSession, SESSION_COOKIE, type SessionKind } from "../auth/session";
import type { TrpcContext } from "./context";

const MAX_AGE_S: Record<SessionKind, number> = { admin: 12 * 3600, account: 7 * 24 * 3600 };

export async function startSession(ctx: TrpcContext, who: Parameters<typeof createSession>[1]): Promise<{ ok: true }> {
  const { token } = await createSession(ctx.deps.db, who, ctx.deps.clock.now());
  ctx.setCookie(SESSION_COOKIE[who.kind], token, MAX_AGE_S[who.kind]);
  return { ok: true };
}

export async function endSession(ctx: TrpcContext, kind: SessionKind): Promise<{ ok: true }> {
  await deleteSession(ctx.deps.db, ctx.cookies[SESSION_COOKIE[kind]]);
  ctx.setCookie(SESSION_COOKIE[kind], "", 0);
  return { ok: true };
}

export function refusedLogin(reason: "rateLimited" | "badCredentials" | "loginDisabled", wrong: string, disabled = ""): TRPCError {
  if (reason === "rateLimited") return new TRPCError({ code: "TOO_MANY_REQUESTS", message: "too many failed logins from your network: wait a minute and try again" });
  if (reason === "loginDisabled") return new TRPCError({ code: "FORBIDDEN", message: `login disabled: ${disabled}` });
  return new TRPCError({ code: "UNAUTHORIZED", message: wrong });
}
