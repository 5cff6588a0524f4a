// The outgoing queue and the retired messages (spec 3.6, 3.7). Every change takes a filter: the ticked rows
// ({ids}) or everything a filter matches; it answers how many rows changed and, for reversible changes, the
// ids, so the page can offer undo.
import { sqlPool } from "../../db/client";
import { queueCount, queueHoldSet, queueList, queueNextAttemptAdd, queueNextAttemptSet, queueRequireTlsSet, queueTransportSet, retiredList, selectQueueIds, type QueueAdminDeps } from "../../queue/admin";
import { queueDrop, queueFail } from "../../queue/cancel";
import type { QueueFilter } from "../../queue/filter";
import { z } from "zod";
import type { TrpcContext } from "../context";
import { adminProcedure, router } from "../init";
import { adminOperation } from "./operation";
import { queueListSchema, queueTarget, retiredListSchema, scheduleSchema } from "./schemas";

const UNDO_MAX = 10_000;

const adminDeps = (ctx: TrpcContext): QueueAdminDeps => ({ db: ctx.deps.db, clock: ctx.deps.clock, kick: ctx.deps.kick });

// The rows a change will touch, fixed before the change, so undo puts back exactly those.
async function changeByIds(ctx: TrpcContext, filter: QueueFilter, change: (deps: QueueAdminDeps, f: QueueFilter) => Promise<number>) {
  const deps = adminDeps(ctx);
  const ids = await selectQueueIds(sqlPool(deps.db), filter, deps.clock.now());
  if (ids.length === 0) return { count: 0, ids: [] as bigint[] };
  const count = await change(deps, { ids });
  return { count, ids: ids.length <= UNDO_MAX ? ids : [] };
}

export const adminQueueRouter = router({
  list: adminProcedure.input(queueListSchema).query(({ ctx, input }) => queueList(adminDeps(ctx), { ...input.filter, max: input.limit }, input.sort)),
  count: adminProcedure.input(queueTarget).query(({ ctx, input }) => queueCount(adminDeps(ctx), input.filter)),
  holdSet: adminOperation
    .input(queueTarget.extend({ hold: z.boolean() }))
    .mutation(({ ctx, input }) => changeByIds(ctx, input.filter, (d, f) => queueHoldSet(d, f, input.hold))),
  schedule: adminOperation
    .input(queueTarget.extend(scheduleSchema.shape))
    .mutation(({ ctx, input }) =>
      changeByIds(ctx, input.filter, (d, f) => (input.relativeTo === "now" ? queueNextAttemptSet(d, f, input.minutes) : queueNextAttemptAdd(d, f, input.minutes))),
    ),
  requireTlsSet: adminOperation
    .input(queueTarget.extend({ requireTls: z.boolean().nullable() }))
    .mutation(({ ctx, input }) => changeByIds(ctx, input.filter, (d, f) => queueRequireTlsSet(d, f, input.requireTls))),
  transportSet: adminOperation
    .input(queueTarget.extend({ transport: z.string().max(200) }))
    .mutation(({ ctx, input }) => changeByIds(ctx, input.filter, (d, f) => queueTransportSet(d, f, input.transport))),
  // Fail sends each sender a failure DSN; drop removes silently. Neither can be undone.
  fail: adminOperation.input(queueTarget).mutation(async ({ ctx, input }) => ({ count: await queueFail(outcomeDeps(ctx), input.filter) })),
  drop: adminOperation.input(queueTarget).mutation(async ({ ctx, input }) => ({ count: await queueDrop(outcomeDeps(ctx), input.filter) })),
  retiredList: adminProcedure
    .input(retiredListSchema)
    .query(({ ctx, input }) => retiredList(adminDeps(ctx), { ...input.filter, max: input.limit }, input.sort)),
});

function outcomeDeps(ctx: TrpcContext) {
  const { db, clock, logger, hostname, schedule } = ctx.deps;
  return { db, clock, logger, hostname, schedule, localserve: false };
}
