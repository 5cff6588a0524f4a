// The user's own webhooks (spec 2, 11.4): the outgoing and incoming settings with their test calls, the
// signing secret, and the account's webhook calls with replay and the resume of a paused account.
import { changeAccount } from "../../provision/account-change";
import { incomingWebhookSet, outgoingWebhookSet, settingsView } from "../../provision/account-settings";
import { accountHookReplay, accountQueuedHooks, accountRetiredHooks } from "../../webhook/account-hooks";
import { resumeWebhooks } from "../../webhook/pause";
import { withHookDispatcher } from "../../webhook/post";
import { rotateWebhookSigningSecret, setWebhookSigningSecret, signingAuditView } from "../../webhook/settings";
import { testWebhookWithSignature } from "../../webhook/test-call";
import { accountProcedure, router } from "../init";
import { currentAccount } from "./current";
import { hookPageSchema, hookReplaySchema, incomingSetSchema, outgoingSetSchema, webhookTestInputSchema } from "./webhook-schemas";

const ok = { ok: true } as const;
const TEST_TIMEOUT_MS = 15_000;
const SIGNING_ACTION = "account.webhookSigning";

export const accountWebhookRouter = router({
  get: accountProcedure.query(async ({ ctx }) => {
    const a = await currentAccount(ctx);
    const { outgoingWebhook, incomingWebhook, webhookPause } = settingsView(a);
    const overlap = a.webhookSigningPreviousUntil && a.webhookSigningPreviousUntil > ctx.deps.clock.now() ? a.webhookSigningPreviousUntil : null;
    return {
      outgoing: outgoingWebhook,
      incoming: incomingWebhook,
      signing: { on: a.webhookSigningSecret !== "", previousUntil: overlap },
      pause: webhookPause,
    };
  }),
  outgoingSet: accountProcedure.input(outgoingSetSchema).mutation(async ({ ctx, input }) => {
    await outgoingWebhookSet(ctx.deps.db, ctx.actor, { ...input, name: (await currentAccount(ctx)).name });
    return ok;
  }),
  incomingSet: accountProcedure.input(incomingSetSchema).mutation(async ({ ctx, input }) => {
    await incomingWebhookSet(ctx.deps.db, ctx.actor, { ...input, name: (await currentAccount(ctx)).name });
    return ok;
  }),
  test: accountProcedure.input(webhookTestInputSchema).mutation(async ({ ctx, input }) => {
    const { name } = await currentAccount(ctx);
    return withHookDispatcher((dispatcher) => testWebhookWithSignature({ db: ctx.deps.db, clock: ctx.deps.clock, dispatcher, timeoutMs: TEST_TIMEOUT_MS }, name, input));
  }),
  // A new secret is returned this once.
  signingGenerate: accountProcedure.mutation(async ({ ctx }) => {
    let secret = "";
    await changeAccount(ctx.deps.db, ctx.actor, SIGNING_ACTION, (await currentAccount(ctx)).name, signingAuditView, async (tx, a) => {
      secret = await setWebhookSigningSecret(tx, a.name, true);
    });
    return { secret };
  }),
  signingRotate: accountProcedure.mutation(async ({ ctx }) => {
    let rotated = { secret: "", previousUntil: null as Date | null };
    await changeAccount(ctx.deps.db, ctx.actor, SIGNING_ACTION, (await currentAccount(ctx)).name, signingAuditView, async (tx, a) => {
      rotated = await rotateWebhookSigningSecret(tx, a.name, ctx.deps.clock.now());
    });
    return rotated;
  }),
  signingOff: accountProcedure.mutation(async ({ ctx }) => {
    await changeAccount(ctx.deps.db, ctx.actor, SIGNING_ACTION, (await currentAccount(ctx)).name, signingAuditView, (tx, a) => setWebhookSigningSecret(tx, a.name, false));
    return ok;
  }),
  queued: accountProcedure.input(hookPageSchema).query(async ({ ctx, input }) => accountQueuedHooks(ctx.deps, (await currentAccount(ctx)).name, input)),
  retired: accountProcedure.input(hookPageSchema).query(async ({ ctx, input }) => accountRetiredHooks(ctx.deps, (await currentAccount(ctx)).name, input)),
  replay: accountProcedure.input(hookReplaySchema).mutation(async ({ ctx, input }) => ({
    count: await accountHookReplay(ctx.deps, ctx.actor, (await currentAccount(ctx)).name, input.ids),
  })),
  resume: accountProcedure.mutation(async ({ ctx }) => ({ count: await resumeWebhooks(ctx.deps, ctx.actor, (await currentAccount(ctx)).name) })),
});
