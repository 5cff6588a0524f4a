// How long the user's retired messages and webhooks are kept (spec 3.5, 2.3), by the admin page's rules.
import { keepPeriodsSet } from "../../provision/account-settings";
import { accountProcedure, router } from "../init";
import { currentAccount } from "./current";
import { ownKeepPeriodsSchema } from "./profile-schemas";

export const accountRetentionRouter = router({
  get: accountProcedure.query(async ({ ctx }) => {
    const a = await currentAccount(ctx);
    return { retiredMessagesSec: a.keepRetiredMessagePeriodSec, retiredWebhooksSec: a.keepRetiredWebhookPeriodSec };
  }),
  set: accountProcedure.input(ownKeepPeriodsSchema).mutation(async ({ ctx, input }) => {
    await keepPeriodsSet(ctx.deps.db, ctx.actor, { name: (await currentAccount(ctx)).name, ...input });
    return { ok: true } as const;
  }),
});
