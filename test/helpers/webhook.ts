// Webhook delivery in-process against the test database: real HTTP to a receiver on 127.0.0.1, a settable
// clock, and the runs the delivery asked for recorded instead of queued.
import type { Db } from "../../server/db/client";
import { settableClock } from "../../server/runtime/clock";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import type { WebhookDeliveryDeps } from "../../server/webhook/delivery-deps";
import { createHookDispatcher } from "../../server/webhook/post";
import { quietLogger, unique } from "./env";
import { createMetrics } from "../../server/metrics/metrics";

export type TestWebhookDeps = WebhookDeliveryDeps & { clock: ReturnType<typeof settableClock>; scheduled: { url: string; at: Date }[] };

export function webhookDeps(db: Db, start: Date, overrides: Partial<Omit<WebhookDeliveryDeps, "clock">> = {}): TestWebhookDeps {
  const scheduled: { url: string; at: Date }[] = [];
  return {
    db,
    clock: settableClock(start),
    logger: quietLogger(),
    metrics: createMetrics(),
    dispatcher: createHookDispatcher(),
    timeoutMs: 5000,
    schedule: async (url, at) => {
      scheduled.push({ url, at });
    },
    ...overrides,
    scheduled,
  };
}

export type HookAccountSettings = Partial<{
  outgoingWebhookUrl: string;
  outgoingWebhookAuthorization: string;
  outgoingWebhookEvents: string[];
  incomingWebhookUrl: string;
  incomingWebhookAuthorization: string;
  keepRetiredWebhookPeriodSec: number;
  webhookSigningSecret: string;
}>;

// An account of its own (and a domain) with the given webhook settings; returns the account's name.
export async function hookAccount(db: Db, settings: HookAccountSettings): Promise<{ id: number; name: string }> {
  const domain = await createDomain(db, { name: `${unique("hd")}.example`, catchallSeparators: ["+"] });
  const name = unique("hook");
  const account = await createAccount(db, { name, address: `mjl@${domain.name}` });
  await db.account.update({ where: { id: account.id }, data: settings });
  return { id: account.id, name };
}
