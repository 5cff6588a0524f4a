// A user's login to the account area, by email address and password.
import { accountLoginSchema } from "./login-schema";
import { accountProcedure, publicProcedure, router } from "../init";
import { endSession, refusedLogin, startSession } from "../session-cookie";
import { currentAccount } from "./current";

export const accountSessionRouter = router({
  login: publicProcedure.input(accountLoginSchema).mutation(async ({ ctx, input }) => {
    const result = await ctx.deps.authenticator.account(ctx.ip, input.address, input.password, ctx.deps.clock.now());
    ctx.deps.metrics.login("webaccount", "weblogin", result);
    if (!result.ok) throw refusedLogin(result.reason, "wrong email address or password", result.reason === "loginDisabled" ? result.message : "");
    return startSession(ctx, { kind: "account", accountId: result.account.id, loginAddress: result.loginAddress });
  }),
  get: accountProcedure.query(async ({ ctx }) => ({ csrfToken: ctx.session.csrfToken, loginAddress: ctx.session.loginAddress, account: (await currentAccount(ctx)).name })),
  logout: accountProcedure.mutation(({ ctx }) => endSession(ctx, "account")),
});
