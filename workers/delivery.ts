// Outgoing delivery: BullMQ jobs name a recipient domain; the run delivers what the database says is due.
import { Worker } from "bullmq";
import { QUEUE, createQueue } from "../server/jobs/queues";
import { systemResolver } from "../server/net/resolver";
import type { DeliveryDeps } from "../server/queue/delivery-deps";
import { KeyedRuns } from "../server/jobs/keyed-runs";
import { deliverDomain } from "../server/queue/delivery-run";
import { startReconcileLoop } from "../server/queue/delivery-service";
import { mtaStsLookup } from "../server/queue/mta-sts";
import { DeliveryScheduler, type DeliveryJob } from "../server/queue/scheduler";
import { createRedis } from "../server/redis/connection";
import { systemClock } from "../server/runtime/clock";
import type { WorkerContext } from "./context";

// Called on every reconcile tick, so upkeep's own schedule comes back after a Redis flush.
export type ReconcileHook = () => Promise<void>;

// `overrides` replace the real DNS and port 25, for benchmarks that deliver to a sink on loopback.
export async function startDeliveryWorker(ctx: WorkerContext, onReconcile: ReconcileHook, overrides: Partial<DeliveryDeps> = {}): Promise<() => Promise<void>> {
  const log = ctx.logger.child({ worker: QUEUE.delivery });
  const connection = createRedis(ctx.redisUrl, { forWorker: true });
  const queue = createQueue(QUEUE.delivery, connection, ctx.redisPrefix);
  const scheduler = new DeliveryScheduler(queue);
  const deps: DeliveryDeps = {
    db: ctx.db,
    clock: systemClock,
    logger: log,
    metrics: ctx.metrics,
    hostname: ctx.hostname,
    resolver: systemResolver,
    mtaSts: mtaStsLookup(systemResolver),
    directPort: 25,
    perDomain: ctx.delivery.perDomain,
    localserve: ctx.localserve,
    schedule: (domain, at) => scheduler.schedule(domain, at),
    // Without an incoming worker in this process, the reconcile loop of one elsewhere finds the tasks.
    processReceived: async () => undefined,
    ...overrides,
  };
  const runs = new KeyedRuns((domain) => deliverDomain(deps, domain));
  const worker = new Worker<DeliveryJob>(QUEUE.delivery, (job) => runs.run(job.data.key), {
    connection,
    prefix: ctx.redisPrefix,
    concurrency: ctx.delivery.concurrency,
  });
  worker.on("failed", (job, err) => log.error({ job: job?.id, domain: job?.data.key, err: err.message }, "delivery run failed"));
  await worker.waitUntilReady();
  const stopReconcile = startReconcileLoop(deps, scheduler, ctx.delivery.reconcileMs, onReconcile);
  log.info({ concurrency: ctx.delivery.concurrency, perDomain: ctx.delivery.perDomain, localserve: ctx.localserve }, "worker ready");
  return async () => {
    stopReconcile();
    await worker.close();
    await queue.close();
    connection.disconnect();
  };
}
