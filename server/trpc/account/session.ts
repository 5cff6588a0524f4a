// A user's login to the account area, by email address and password.
import { z } from "zod";
import { accountProcedure, publicProcedure, router } from "../init";
import { endSession, refusedLogin, startSession } from "../session-cookie";

export const accountLoginSchema = z.strictObject({
  address: z.string().trim().min(1, "enter your email address").max(320),
  password: z.string().min(1, "enter your password").max(1024),
});

export const accountSessionRouter = router({
  login: publicProcedure.input(accountLoginSchema).mutation(async ({ ctx, input }) => {
    const result = await ctx.deps.authenticator.account(ctx.ip, input.address, input.password, ctx.deps.clock.now());
    if (!result.ok) throw refusedLogin(result.reason, "wrong email address or password", result.reason === "loginDisabled" ? result.message : "");
    return startSession(ctx, { kind: "account", accountId: result.account.id, loginAddress: result.loginAddress });
  }),
  get: accountProcedure.query(({ ctx }) => ({ csrfToken: ctx.session.csrfToken, loginAddress: ctx.session.loginAddress })),
  logout: accountProcedure.mutation(({ ctx }) => endSession(ctx, "account")),
});
