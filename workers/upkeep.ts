// Periodic upkeep: a first run a few seconds after start, then hourly. The schedule lives in Redis, so it is
// re-ensured on every reconcile tick of the delivery worker and survives a flush.
import { Worker } from "bullmq";
import { deleteExpiredAuthState } from "../server/auth/cleanup";
import { QUEUE, createQueue } from "../server/jobs/queues";
import { deleteExpiredRetiredMessages } from "../server/queue/retired-cleanup";
import { deleteExpiredIdempotencyKeys } from "../server/webapi/idempotent-send";
import { deleteExpiredRetiredWebhooks } from "../server/webhook/retired-cleanup";
import { createRedis } from "../server/redis/connection";
import type { WorkerContext } from "./context";

const HOUR_MS = 3600_000;
const FIRST_RUN_DELAY_MS = 3000;

export async function startUpkeepWorker(ctx: WorkerContext): Promise<{ close: () => Promise<void>; ensureSchedule: () => Promise<void> }> {
  const log = ctx.logger.child({ worker: QUEUE.upkeep });
  const connection = createRedis(ctx.redisUrl, { forWorker: true });
  const queue = createQueue(QUEUE.upkeep, connection, ctx.redisPrefix);
  const ensureSchedule = async () => {
    await queue.upsertJobScheduler("upkeep-hourly", { every: HOUR_MS }, { name: "cleanup" });
  };
  await ensureSchedule();
  await queue.add("cleanup", {}, { delay: FIRST_RUN_DELAY_MS, removeOnComplete: 100, removeOnFail: 100 });

  const worker = new Worker(
    QUEUE.upkeep,
    async (job) => {
      const removed = {
        ...(await deleteExpiredAuthState(ctx.db)),
        retiredMessages: await deleteExpiredRetiredMessages(ctx.db),
        retiredWebhooks: await deleteExpiredRetiredWebhooks(ctx.db),
        idempotencyKeys: await deleteExpiredIdempotencyKeys(ctx.db),
      };
      log.info({ job: job.id, ...removed }, "upkeep done");
      return removed;
    },
    { connection, prefix: ctx.redisPrefix, concurrency: 1 },
  );
  worker.on("failed", (job, err) => log.error({ job: job?.id, err: err.message }, "upkeep failed"));
  await worker.waitUntilReady();
  log.info("worker ready");
  return {
    ensureSchedule,
    close: async () => {
      await worker.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
