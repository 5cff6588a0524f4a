// Accounts: the list with usage, one account's page, and every change to it (addresses are admin.address.*).
import { accountAdd, accountGet, accountList, accountRemove, removePreview, setFullName, setLimits, setLoginDisabled, setPassword } from "../../provision/account-admin";
import { fromIdAddressesSet, incomingWebhookSet, keepPeriodsSet, outgoingWebhookSet } from "../../provision/account-settings";
import { resumeWebhooks } from "../../webhook/pause";
import { accountNames } from "../../store/account-names";
import { adminProcedure, router } from "../init";
import {
  accountAddSchema,
  accountListSchema,
  accountRefSchema,
  fromIdAddressesSchema,
  fullNameSchema,
  incomingWebhookSetSchema,
  keepPeriodsSchema,
  limitsSchema,
  loginDisableSchema,
  outgoingWebhookSetSchema,
  passwordSetSchema,
} from "./account-schemas";

const ok = { ok: true } as const;

export const adminAccountRouter = router({
  names: adminProcedure.query(({ ctx }) => accountNames(ctx.deps.db)),
  list: adminProcedure.input(accountListSchema).query(({ ctx, input }) => accountList(ctx.deps.db, input, ctx.deps.clock.now())),
  get: adminProcedure.input(accountRefSchema).query(({ ctx, input }) => accountGet(ctx.deps.db, input.name, ctx.deps.clock.now())),
  add: adminProcedure.input(accountAddSchema).mutation(({ ctx, input }) => accountAdd(ctx.deps.db, ctx.actor, input)),
  removePreview: adminProcedure.input(accountRefSchema).query(({ ctx, input }) => removePreview(ctx.deps.db, input.name)),
  remove: adminProcedure.input(accountRefSchema).mutation(({ ctx, input }) => accountRemove(ctx.deps.db, ctx.actor, input.name)),
  loginDisable: adminProcedure.input(loginDisableSchema).mutation(async ({ ctx, input }) => {
    await setLoginDisabled(ctx.deps.db, ctx.actor, input.name, input.message);
    return ok;
  }),
  webhooksResume: adminProcedure.input(accountRefSchema).mutation(async ({ ctx, input }) => ({ count: await resumeWebhooks(ctx.deps, ctx.actor, input.name) })),
  loginEnable: adminProcedure.input(accountRefSchema).mutation(async ({ ctx, input }) => {
    await setLoginDisabled(ctx.deps.db, ctx.actor, input.name, "");
    return ok;
  }),
  passwordSet: adminProcedure.input(passwordSetSchema).mutation(async ({ ctx, input }) => {
    await setPassword(ctx.deps.db, ctx.actor, input);
    return ok;
  }),
  fullNameSet: adminProcedure.input(fullNameSchema).mutation(async ({ ctx, input }) => {
    await setFullName(ctx.deps.db, ctx.actor, input);
    return ok;
  }),
  limitsSet: adminProcedure.input(limitsSchema).mutation(async ({ ctx, input }) => {
    await setLimits(ctx.deps.db, ctx.actor, input);
    return ok;
  }),
  outgoingWebhookSet: adminProcedure.input(outgoingWebhookSetSchema).mutation(async ({ ctx, input }) => {
    await outgoingWebhookSet(ctx.deps.db, ctx.actor, input);
    return ok;
  }),
  incomingWebhookSet: adminProcedure.input(incomingWebhookSetSchema).mutation(async ({ ctx, input }) => {
    await incomingWebhookSet(ctx.deps.db, ctx.actor, input);
    return ok;
  }),
  keepPeriodsSet: adminProcedure.input(keepPeriodsSchema).mutation(async ({ ctx, input }) => {
    await keepPeriodsSet(ctx.deps.db, ctx.actor, input);
    return ok;
  }),
  fromIdAddressesSet: adminProcedure.input(fromIdAddressesSchema).mutation(async ({ ctx, input }) => {
    await fromIdAddressesSet(ctx.deps.db, ctx.actor, input);
    return ok;
  }),
});
