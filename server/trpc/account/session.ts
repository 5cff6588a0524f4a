// A user's login to the account area, by email address and password.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createSession, deleteSession, SESSION_COOKIE } from "../../auth/session";
import { accountProcedure, publicProcedure, router } from "../init";

export const accountLoginSchema = z.strictObject({
  address: z.string().trim().min(1, "enter your email address").max(320),
  password: z.string().min(1, "enter your password").max(1024),
});

const COOKIE = SESSION_COOKIE.account;
const MAX_AGE_S = 7 * 24 * 3600;

export const accountSessionRouter = router({
  login: publicProcedure.input(accountLoginSchema).mutation(async ({ ctx, input }) => {
    const result = await ctx.deps.authenticator.account(ctx.ip, input.address, input.password, ctx.deps.clock.now());
    if (!result.ok && result.reason === "rateLimited") {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "too many failed logins from your network: wait a minute and try again" });
    }
    if (!result.ok && result.reason === "loginDisabled") throw new TRPCError({ code: "FORBIDDEN", message: `login disabled: ${result.message}` });
    if (!result.ok) throw new TRPCError({ code: "UNAUTHORIZED", message: "wrong email address or password" });
    const { token } = await createSession(ctx.deps.db, { kind: "account", accountId: result.account.id, loginAddress: result.loginAddress }, ctx.deps.clock.now());
    ctx.setCookie(COOKIE, token, MAX_AGE_S);
    return { ok: true };
  }),
  get: accountProcedure.query(({ ctx }) => ({ csrfToken: ctx.session.csrfToken, loginAddress: ctx.session.loginAddress })),
  logout: accountProcedure.mutation(async ({ ctx }) => {
    await deleteSession(ctx.deps.db, ctx.cookies[COOKIE]);
    ctx.setCookie(COOKIE, "", 0);
    return { ok: true };
  }),
});
