// Outgoing delivery under test: a sending account, messages queued through the real submit path, and delivery
// dependencies with a settable clock, a table resolver pointing recipient domains at loopback, and a record of
// the runs the delivery code asked for.
import { parseAddress } from "../../server/address/parse";
import type { Db } from "../../server/db/client";
import { composeMessage } from "../../server/message/compose";
import { staticResolver } from "../../server/net/resolver";
import type { DeliveryDeps } from "../../server/queue/delivery-deps";
import { submitMessage } from "../../server/queue/submit";
import { settableClock } from "../../server/runtime/clock";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { composeInput, mail } from "./compose";
import { quietLogger, unique } from "./env";
import { createMetrics } from "../../server/metrics/metrics";

export type Sender = { domain: string; account: string; accountId: number; address: string };

export async function createSender(db: Db, opts: { keepSeconds?: number; webhookUrl?: string } = {}): Promise<Sender> {
  const domain = `${unique("s")}.example`.toLowerCase();
  const d = await createDomain(db, { name: domain, catchallSeparators: ["+"] });
  const account = unique("snd");
  const address = `sender@${domain}`;
  const a = await createAccount(db, { name: account, address, keepRetiredMessagePeriodSec: opts.keepSeconds ?? 86400 });
  await db.account.update({
    where: { id: a.id },
    data: { maxOutgoingMessagesPerDay: 100_000, maxFirstTimeRecipientsPerDay: 100_000, outgoingWebhookUrl: opts.webhookUrl ?? "" },
  });
  return { domain: d.name, account, accountId: a.id, address };
}

export type QueueOptions = { to: string[]; subject?: string; extra?: Record<string, string>; requireTls?: boolean | null; now?: Date };

// Queues one submission through submitMessage, as Send does; returns the queue ids in recipient order.
export async function queueMail(db: Db, s: Sender, o: QueueOptions): Promise<bigint[]> {
  const from = parseAddress(s.address);
  const domain = await db.domain.findUniqueOrThrow({ where: { name: s.domain } });
  const messageId = `<${unique("m")}@${s.domain}>`;
  const { raw, has8bit } = composeMessage(composeInput({ from: mail("Sender", s.address), to: o.to.map((t) => mail("", t)), subject: o.subject ?? "hello", messageId }));
  const result = await submitMessage(db, {
    account: { id: s.accountId, name: s.account },
    from,
    fromDomain: domain,
    useFromId: false,
    recipients: o.to.map(parseAddress),
    raw,
    has8bit,
    smtputf8: false,
    messageId,
    subject: o.subject ?? "hello",
    extra: o.extra ?? {},
    requireTls: o.requireTls ?? null,
    futureRelease: null,
    sentCopy: null,
    received: { fromIp: "127.0.0.1", hostname: "mail.test", protocol: "HTTP" },
    now: o.now ?? new Date(),
  });
  return result.queued.map((q) => q.id);
}

export type TestDeliveryDeps = DeliveryDeps & { clock: ReturnType<typeof settableClock>; scheduled: { domain: string; at: Date }[] };

// Every domain in `domains` has an MX host on 127.0.0.1; direct delivery dials `port` there.
export function deliveryDeps(db: Db, port: number, domains: string[], overrides: Partial<DeliveryDeps> = {}): TestDeliveryDeps {
  const scheduled: { domain: string; at: Date }[] = [];
  const mx = Object.fromEntries(domains.map((d) => [d, [{ exchange: `mx.${d}`, priority: 10 }]]));
  const a = Object.fromEntries(domains.map((d) => [`mx.${d}`, ["127.0.0.1"]]));
  return {
    db,
    clock: settableClock(new Date()),
    logger: quietLogger(),
    metrics: createMetrics(),
    hostname: "mail.test",
    resolver: staticResolver({ mx, a }),
    mtaSts: async () => null,
    directPort: port,
    perDomain: 1,
    localserve: false,
    schedule: async (domain, at) => {
      scheduled.push({ domain, at });
    },
    processReceived: async () => undefined,
    scheduled,
    ...overrides,
  } as TestDeliveryDeps;
}
