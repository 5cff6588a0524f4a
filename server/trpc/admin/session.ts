// The admin's login, logout and session check (whoever may see the admin pages).
import { adminProcedure, publicProcedure, router } from "../init";
import { endSession, refusedLogin, startSession } from "../session-cookie";
import { adminLoginSchema } from "./schemas";

export const adminSessionRouter = router({
  login: publicProcedure.input(adminLoginSchema).mutation(async ({ ctx, input }) => {
    const result = await ctx.deps.authenticator.admin(ctx.ip, input.password, ctx.deps.clock.now());
    ctx.deps.metrics.login("webadmin", "weblogin", result);
    if (!result.ok) throw refusedLogin(result.reason, "wrong password");
    ctx.deps.logger.info({ ip: ctx.ip }, "admin logged in");
    return startSession(ctx, { kind: "admin" });
  }),
  // The pages ask first; the CSRF token they get is sent back on every mutation.
  get: adminProcedure.query(({ ctx }) => ({ csrfToken: ctx.session.csrfToken, expires: ctx.session.expires })),
  logout: adminProcedure.mutation(({ ctx }) => endSession(ctx, "admin")),
});
