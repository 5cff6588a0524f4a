// Post-processing of received messages: a BullMQ job names one stored message; the IncomingTask rows are the
// truth, re-read and locked by the processing, and turned into jobs again on every reconcile tick.
import { Worker } from "bullmq";
import { sqlPool } from "../server/db/client";
import { processIncoming, type IncomingDeps } from "../server/incoming/process";
import { IncomingScheduler, type IncomingJob } from "../server/incoming/scheduler";
import { QUEUE, createQueue } from "../server/jobs/queues";
import type { Queue } from "bullmq";
import { createRedis } from "../server/redis/connection";
import { systemClock } from "../server/runtime/clock";
import type { WorkerContext } from "./context";

const CONCURRENCY = 10;

export async function startIncomingWorker(ctx: WorkerContext): Promise<{ close: () => Promise<void>; reconcile: () => Promise<void>; scheduler: IncomingScheduler }> {
  const log = ctx.logger.child({ worker: QUEUE.incoming });
  const connection = createRedis(ctx.redisUrl, { forWorker: true });
  const queue = createQueue(QUEUE.incoming, connection, ctx.redisPrefix) as Queue<IncomingJob>;
  const scheduler = new IncomingScheduler(queue);
  const deps: IncomingDeps = { db: ctx.db, clock: systemClock, logger: log, retry: (id, at) => scheduler.kick([id], at) };
  const worker = new Worker<IncomingJob>(QUEUE.incoming, (job) => processIncoming(deps, BigInt(job.data.messageId)), {
    connection,
    prefix: ctx.redisPrefix,
    concurrency: CONCURRENCY,
  });
  worker.on("failed", (job, err) => log.error({ job: job?.id, err: err.message }, "processing received message failed"));
  await worker.waitUntilReady();
  return {
    scheduler,
    reconcile: async () => {
      const due = await scheduler.reconcile(sqlPool(ctx.db), systemClock.now());
      if (due > 0) log.debug({ due }, "reconciled received messages");
    },
    close: async () => {
      await worker.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
