// The admin's login, logout and session check (whoever may see the admin pages).
import { TRPCError } from "@trpc/server";
import { createSession, deleteSession, SESSION_COOKIE } from "../../auth/session";
import { adminProcedure, publicProcedure, router } from "../init";
import { adminLoginSchema } from "./schemas";

const COOKIE = SESSION_COOKIE.admin;
const MAX_AGE_S = 12 * 3600;

export const adminSessionRouter = router({
  login: publicProcedure.input(adminLoginSchema).mutation(async ({ ctx, input }) => {
    const result = await ctx.deps.authenticator.admin(ctx.ip, input.password, ctx.deps.clock.now());
    if (!result.ok && result.reason === "rateLimited") {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "too many failed logins from your network: wait a minute and try again" });
    }
    if (!result.ok) throw new TRPCError({ code: "UNAUTHORIZED", message: "wrong password" });
    const { token } = await createSession(ctx.deps.db, { kind: "admin" }, ctx.deps.clock.now());
    ctx.setCookie(COOKIE, token, MAX_AGE_S);
    ctx.deps.logger.info({ ip: ctx.ip }, "admin logged in");
    return { ok: true };
  }),
  // The pages ask first; the CSRF token they get is sent back on every mutation.
  get: adminProcedure.query(({ ctx }) => ({ csrfToken: ctx.session.csrfToken, expires: ctx.session.expires })),
  logout: adminProcedure.mutation(async ({ ctx }) => {
    await deleteSession(ctx.deps.db, ctx.cookies[COOKIE]);
    ctx.setCookie(COOKIE, "", 0);
    return { ok: true };
  }),
});
