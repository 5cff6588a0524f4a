// Periodic upkeep: a first run a few seconds after start, then hourly.
import { Worker } from "bullmq";
import { deleteExpiredAuthState } from "../server/auth/cleanup";
import { QUEUE, createQueue } from "../server/jobs/queues";
import { createRedis } from "../server/redis/connection";
import type { WorkerContext } from "./context";

const HOUR_MS = 3600_000;
const FIRST_RUN_DELAY_MS = 3000;

export async function startUpkeepWorker(ctx: WorkerContext): Promise<() => Promise<void>> {
  const log = ctx.logger.child({ worker: QUEUE.upkeep });
  const connection = createRedis(ctx.redisUrl, { forWorker: true });
  const queue = createQueue(QUEUE.upkeep, connection, ctx.redisPrefix);
  await queue.upsertJobScheduler("upkeep-hourly", { every: HOUR_MS }, { name: "cleanup" });
  await queue.add("cleanup", {}, { delay: FIRST_RUN_DELAY_MS, removeOnComplete: 100, removeOnFail: 100 });

  const worker = new Worker(
    QUEUE.upkeep,
    async (job) => {
      const removed = await deleteExpiredAuthState(ctx.db);
      log.info({ job: job.id, ...removed }, "upkeep done");
      return removed;
    },
    { connection, prefix: ctx.redisPrefix, concurrency: 1 },
  );
  worker.on("failed", (job, err) => log.error({ job: job?.id, err: err.message }, "upkeep failed"));
  await worker.waitUntilReady();
  log.info("worker ready");
  return async () => {
    await worker.close();
    await queue.close();
    connection.disconnect();
  };
}
