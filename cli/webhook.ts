// `mailroom webhook ...`: an account's webhook settings, and the admin operations on the webhook queue
// (spec 2.7; mox's `mox queue webhook ...`). Setting changes are recorded in the audit log, as from the pages.
import { CLI_ACTOR } from "../server/audit/audit-log";
import { recordOperation } from "../server/audit/operation-audit";
import type { Db } from "../server/db/client";
import type { Account } from "../server/db/generated/client";
import { changeAccount } from "../server/provision/account-change";
import { incomingWebhookSet, outgoingWebhookSet } from "../server/provision/account-settings";
import { AppError } from "../server/errors";
import { parseGoDuration } from "../server/listing/go-duration";
import { systemClock } from "../server/runtime/clock";
import { hookCancel, hookList, hookNextAttemptSet, hookRetiredList } from "../server/webhook/admin";
import { hookFilterSchema, hookRetiredFilterSchema } from "../server/webhook/hook-filter";
import type { HookResult } from "../server/webhook/hook-result";
import { goTime } from "../server/webhook/payload-json";
import { createHookDispatcher } from "../server/webhook/post";
import { stringFlag, stringsFlag, type Noun, type Output } from "./command";
import {
  incomingWebhookSchema,
  keepRetiredWebhooksSchema,
  outgoingWebhookSchema,
  rotateWebhookSigningSecret,
  saveKeepRetiredWebhooks,
  setWebhookSigningSecret,
} from "../server/webhook/settings";
import { sampleIncomingPayload, sampleOutgoingPayload, testWebhook, webhookTestSchema } from "../server/webhook/test-call";

const USAGE = `  webhook outgoing <account> [--url U] [--authorization A] [--event E]...
                                   set the outgoing webhook (no --url: off; no --event: all events)
  webhook incoming <account> [--url U] [--authorization A]
  webhook keep <account> <duration>          keep retired webhooks, e.g. 72h (0: none)
  webhook signing <account> on|rotate|off    sign requests (X-Mailroom-Signature); prints the new secret
  webhook test <account> outgoing|incoming   one POST of a sample payload to the configured URL
  webhook list|retired [--account A] [--event E] [--id N]...
  webhook schedule <minutes> [--account A] [--event E] [--id N]...   next attempt in <minutes>
  webhook cancel [--account A] [--event E] [--id N]...
`;

const keepView = (a: Account) => ({ keepRetiredWebhookPeriodSec: a.keepRetiredWebhookPeriodSec });
const signingView = (a: Account) => ({ webhookSigningSecret: a.webhookSigningSecret });

const TEST_TIMEOUT_MS = 30_000;

export const webhookNoun: Noun = {
  name: "webhook",
  usage: USAGE,
  options: {
    url: { type: "string" },
    authorization: { type: "string" },
    event: { type: "string", multiple: true },
    id: { type: "string", multiple: true },
    account: { type: "string" },
  },
  run: ({ db, sub, args, flags }) =>
    webhookCommand(db, sub, args, { url: stringFlag(flags, "url"), authorization: stringFlag(flags, "authorization"), event: stringsFlag(flags, "event"), id: stringsFlag(flags, "id"), account: stringFlag(flags, "account") }),
};

type WebhookFlags = { url?: string; authorization?: string; event?: string[]; id?: string[]; account?: string };

const said = (text: string, json: unknown = {}): Output => ({ text, json });

async function webhookCommand(db: Db, sub: string, args: string[], flags: WebhookFlags): Promise<Output> {
  const deps = { db, clock: systemClock };
  const filter = { account: flags.account, event: flags.event?.[0], ids: flags.id };
  switch (sub) {
    case "outgoing": {
      const settings = outgoingWebhookSchema.parse({ url: flags.url ?? "", authorization: flags.authorization, events: flags.event });
      await outgoingWebhookSet(db, CLI_ACTOR, { name: accountArg(args), ...settings });
      const text = settings.url ? `outgoing webhook of ${args[0]}: ${settings.url} (${settings.events.join(", ") || "all events"})` : `outgoing webhook of ${args[0]} off`;
      return said(text, { account: args[0], url: settings.url, events: settings.events });
    }
    case "incoming": {
      const settings = incomingWebhookSchema.parse({ url: flags.url ?? "", authorization: flags.authorization });
      await incomingWebhookSet(db, CLI_ACTOR, { name: accountArg(args), ...settings });
      return said(settings.url ? `incoming webhook of ${args[0]}: ${settings.url}` : `incoming webhook of ${args[0]} off`, { account: args[0], url: settings.url });
    }
    case "keep": {
      const seconds = keepRetiredWebhooksSchema.parse(Math.round(parseGoDuration(args[1] ?? "") / 1000));
      await changeAccount(db, CLI_ACTOR, "account.keepPeriods", accountArg(args), keepView, (tx, a) => saveKeepRetiredWebhooks(tx, a.name, seconds));
      return said(`retired webhooks of ${args[0]} kept for ${seconds} s`, { account: args[0], keepRetiredWebhookPeriodSec: seconds });
    }
    case "signing": {
      const how = args[1];
      if (how !== "on" && how !== "off" && how !== "rotate") throw new AppError("usage", "webhook signing needs on, rotate or off");
      let secret = "";
      await changeAccount(db, CLI_ACTOR, "account.webhookSigning", accountArg(args), signingView, async (tx, a) => {
        secret = how === "rotate" ? (await rotateWebhookSigningSecret(tx, a.name, systemClock.now())).secret : await setWebhookSigningSecret(tx, a.name, how === "on");
      });
      if (how === "off") return said(`requests of ${args[0]} no longer signed`, { account: args[0], signing: false });
      return said(`signing secret of ${args[0]} (shown once${how === "rotate" ? "; the previous one also signs for 24 h" : ""}): ${secret}`, { account: args[0], signing: true, secret });
    }
    case "test":
      return testConfigured(db, accountArg(args), args[1]);
    case "list": {
      const hooks = await hookList(deps, hookFilterSchema.parse(filter), {});
      return said(hooks.map((h) => hookLine(h.id, h.account, h.isIncoming, h.outgoingEvent, h.attempts, `next ${goTime(h.nextAttempt)}`, h.url, h.results)).join("\n") || "no webhooks queued", hooks);
    }
    case "retired": {
      const hooks = await hookRetiredList(deps, hookRetiredFilterSchema.parse(filter), {});
      return said(hooks.map((h) => hookLine(h.id, h.account, h.isIncoming, h.outgoingEvent, h.attempts, h.success ? "delivered" : "failed", h.url, h.results)).join("\n") || "no retired webhooks", hooks);
    }
    case "schedule": {
      const minutes = Number(args[0]);
      const count = await hookNextAttemptSet(deps, hookFilterSchema.parse(filter), minutes);
      await recordOperation(db, CLI_ACTOR, "hook.schedule", { filter, relativeTo: "now", minutes }, { count });
      return said(`${count} webhooks rescheduled`, { count });
    }
    case "cancel": {
      const count = await hookCancel(deps, hookFilterSchema.parse(filter));
      await recordOperation(db, CLI_ACTOR, "hook.cancel", { filter }, { count });
      return said(`${count} webhooks canceled`, { count });
    }
    default:
      throw new AppError("usage", `unknown webhook command ${JSON.stringify(sub)}`);
  }
}

function accountArg(args: string[]): string {
  if (!args[0]) throw new AppError("usage", "give the account name");
  return args[0];
}

function hookLine(id: bigint, account: string, incoming: boolean, event: string, attempts: number, state: string, url: string, results: unknown): string {
  const last = (results as HookResult[]).at(-1);
  return [id, account, incoming ? "incoming" : event, `attempts ${attempts}`, state, url, last?.Error ?? ""].join("\t");
}

async function testConfigured(db: Db, account: string, kind: string | undefined): Promise<Output> {
  const a = await db.account.findUnique({ where: { name: account } });
  if (!a) throw new AppError("unknownAccount", `account ${account} does not exist`);
  const test =
    kind === "outgoing"
      ? { kind, url: a.outgoingWebhookUrl, authorization: a.outgoingWebhookAuthorization, payload: sampleOutgoingPayload() }
      : kind === "incoming"
        ? { kind, url: a.incomingWebhookUrl, authorization: a.incomingWebhookAuthorization, payload: sampleIncomingPayload() }
        : null;
  if (!test) throw new AppError("usage", "webhook test needs outgoing or incoming");
  const dispatcher = createHookDispatcher();
  try {
    const r = await testWebhook({ db, clock: systemClock, dispatcher, timeoutMs: TEST_TIMEOUT_MS }, account, webhookTestSchema.parse(test));
    const outcome = `HTTP ${r.code || "-"}${r.error ? `, error: ${r.error}` : ""}\n${r.response}`;
    // A failed call is the command failing, so scripts can tell from the exit code.
    if (r.error) throw new AppError("webhookTestFailed", `webhook test failed: ${outcome.trimEnd()}`);
    return said(outcome, { code: r.code, response: r.response });
  } finally {
    await dispatcher.close();
  }
}
