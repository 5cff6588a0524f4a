// `mailroom queue ...`: the outgoing queue and the retired messages, as on the admin queue page (spec 3.6, 3.7;
// mox's `mox queue ...`). Every change takes mox's filter flags, is audited like the page's operations, and
// asks the delivery workers to look again, so a released message goes out at once.
import { CLI_ACTOR } from "../server/audit/audit-log";
import { recordOperation } from "../server/audit/operation-audit";
import type { Config } from "../server/config/env";
import { sqlPool, type Db } from "../server/db/client";
import { createCommandLogger } from "../server/log/logger";
import { queueHoldSet, queueList, queueNextAttemptAdd, queueNextAttemptSet, queueRequireTlsSet, queueTransportSet, retiredList, type QueueAdminDeps, type QueueListRow } from "../server/queue/admin";
import { queueDrop, queueFail } from "../server/queue/cancel";
import type { QueueFilter } from "../server/queue/filter";
import type { MsgResult } from "../server/queue/queued-message";
import { openDeliveryScheduler } from "../server/queue/scheduler";
import { findRunningRedis } from "../server/redis/local";
import { systemClock } from "../server/runtime/clock";
import { queueListSchema, queueTarget, retiredListSchema, scheduleSchema } from "../server/trpc/admin/schemas";
import { asBoolean, asNumber, lines, stringFlag, stringsFlag, usageError, type CommandContext, type Flags, type Noun, type Output } from "./command";

const USAGE = `  queue list [filter] [--limit N]
  queue hold|release [filter]
  queue fail|drop <filter | --all>           fail sends each sender a DSN, drop removes silently
  queue schedule <minutes> [--add] [filter]  next attempt in <minutes>; --add: that much later (earlier: -- -30)
  queue transport <name> [filter]            '' delivers by the routes again
  queue requiretls yes|no|default [filter]
  queue retired [filter] [--last-activity '<-1h'] [--success true|false] [--limit N]
      filter: --account A --from F --to T --submitted '<-1h' --next-attempt '>1h' --hold true|false
              --transport T --id N (repeatable); none: every message
`;

export const queueNoun: Noun = {
  name: "queue",
  usage: USAGE,
  options: {
    account: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    submitted: { type: "string" },
    "next-attempt": { type: "string" },
    "last-activity": { type: "string" },
    hold: { type: "string" },
    success: { type: "string" },
    transport: { type: "string" },
    id: { type: "string", multiple: true },
    limit: { type: "string" },
    add: { type: "boolean" },
    all: { type: "boolean" },
  },
  run: queueCommand,
};

// What both tables filter on, as the page sends it.
const commonFilter = (flags: Flags) => ({
  account: stringFlag(flags, "account"),
  from: stringFlag(flags, "from"),
  to: stringFlag(flags, "to"),
  submitted: stringFlag(flags, "submitted"),
  transport: stringFlag(flags, "transport"),
  ids: stringsFlag(flags, "id"),
});
const queueFilter = (flags: Flags) => ({ ...commonFilter(flags), nextAttempt: stringFlag(flags, "next-attempt"), hold: asBoolean(stringFlag(flags, "hold"), "--hold") });
const limit = (flags: Flags) => asNumber(stringFlag(flags, "limit"));

const REQUIRE_TLS: Record<string, boolean | null> = { yes: true, no: false, default: null };

async function queueCommand({ db, config, sub, args, flags }: CommandContext): Promise<Output> {
  const listDeps: QueueAdminDeps = { db, clock: systemClock, kick: async () => undefined };
  switch (sub) {
    case "list": {
      const input = queueListSchema.parse({ filter: queueFilter(flags), sort: {}, limit: limit(flags) });
      const rows = await queueList(listDeps, { ...input.filter, max: input.limit }, input.sort);
      return { text: lines(rows, queuedFields, "no messages queued") + more(rows.length, input.limit), json: rows };
    }
    case "retired": {
      const filter = { ...commonFilter(flags), lastActivity: stringFlag(flags, "last-activity"), success: asBoolean(stringFlag(flags, "success"), "--success") };
      const input = retiredListSchema.parse({ filter, sort: {}, limit: limit(flags) });
      const rows = await retiredList(listDeps, { ...input.filter, max: input.limit }, input.sort);
      const text = lines(rows, (m) => [m.id, m.senderAccount, `${m.senderLocalpart}@${m.senderDomainStr}`, m.recipientAddress, m.success ? "delivered" : "failed", m.lastActivity, lastError(m.results)], "no retired messages");
      return { text: text + more(rows.length, input.limit), json: rows };
    }
    case "hold":
    case "release": {
      const hold = sub === "hold";
      return change(db, config, "queue.holdSet", { filter: queueFilter(flags), hold }, (d, f) => queueHoldSet(d, f, hold), hold ? "held" : "released");
    }
    case "schedule": {
      const { relativeTo, minutes } = scheduleSchema.parse({ relativeTo: flags.add ? "scheduled" : "now", minutes: asNumber(args[0]) });
      const set = (d: QueueAdminDeps, f: QueueFilter) => (relativeTo === "now" ? queueNextAttemptSet(d, f, minutes) : queueNextAttemptAdd(d, f, minutes));
      return change(db, config, "queue.schedule", { filter: queueFilter(flags), relativeTo, minutes }, set, "rescheduled");
    }
    case "transport": {
      const transport = args[0];
      if (transport === undefined) throw usageError("give the transport name, or '' to deliver by the routes");
      return change(db, config, "queue.transportSet", { filter: queueFilter(flags), transport }, (d, f) => queueTransportSet(d, f, transport), transport ? `set to transport ${transport}` : "delivered by the routes again");
    }
    case "requiretls": {
      const requireTls = REQUIRE_TLS[args[0] ?? ""];
      if (requireTls === undefined) throw usageError("queue requiretls needs yes, no or default");
      return change(db, config, "queue.requireTlsSet", { filter: queueFilter(flags), requireTls }, (d, f) => queueRequireTlsSet(d, f, requireTls), `set to RequireTLS ${args[0]}`);
    }
    case "fail":
    case "drop": {
      // Neither can be undone: every queued message is taken only when asked for in so many words.
      if (!flags.all && Object.values(queueFilter(flags)).every((v) => v === undefined)) {
        throw usageError(`queue ${sub} without a filter would ${sub} every queued message: give a filter, or --all`);
      }
      const cancel = sub === "fail" ? queueFail : queueDrop;
      return change(db, config, `queue.${sub}`, { filter: queueFilter(flags) }, (d, f) => cancel({ ...d, logger: createCommandLogger(), hostname: config.hostname, localserve: false }, f), sub === "fail" ? "failed (DSN sent)" : "dropped");
    }
    default:
      throw usageError(`unknown queue command ${JSON.stringify(sub)}`);
  }
}

type ChangeDeps = QueueAdminDeps & { schedule: (domain: string, at: Date) => Promise<void> };

// One operation on the selected messages: validated as the page's procedure validates it, then audited.
async function change(db: Db, config: Config, action: string, request: { filter: unknown } & Record<string, unknown>, run: (d: ChangeDeps, f: QueueFilter) => Promise<number>, done: string): Promise<Output> {
  const { filter } = queueTarget.parse({ filter: request.filter });
  const count = await withDelivery(db, config, (deps) => run(deps, filter));
  await recordOperation(db, CLI_ACTOR, action, request, { count });
  return { text: `${count} message${count === 1 ? "" : "s"} ${done}`, json: { count } };
}

// A command has no delivery scheduler of its own: it opens one on the Redis the processes use, for the time of
// the change. Without a reachable Redis the workers still find due messages at their next reconcile.
async function withDelivery<T>(db: Db, config: Config, fn: (deps: ChangeDeps) => Promise<T>): Promise<T> {
  const url = await findRunningRedis(config);
  if (!url) return fn({ db, clock: systemClock, kick: async () => undefined, schedule: async () => undefined });
  const delivery = openDeliveryScheduler(url, config.redisPrefix);
  try {
    return await fn({
      db,
      clock: systemClock,
      kick: async () => {
        await delivery.scheduler.reconcile(sqlPool(db), systemClock.now());
      },
      schedule: (domain, at) => delivery.scheduler.schedule(domain, at),
    });
  } finally {
    await delivery.close();
  }
}

function queuedFields(m: QueueListRow): unknown[] {
  const state = m.hold ? "held" : `next ${m.nextAttempt.toISOString()}`;
  return [m.id, m.senderAccount, `${m.senderLocalpart}@${m.senderDomainStr}`, `${m.recipientLocalpart}@${m.recipientDomainStr}`, `attempts ${m.attempts}`, state, m.transport, lastError(m.results)];
}

const lastError = (results: unknown) => (results as MsgResult[]).at(-1)?.Error ?? "";

// The list stops at the limit; say so, rather than let a script or a reader take it for all.
const more = (shown: number, max: number) => (shown === max ? `\n(the first ${max}; --limit up to 500 shows more)` : "");
