// Webhook calls: BullMQ jobs name a URL; the run posts what the database says is due for it. Each worker
// process listens for hooks being queued and reconciles at once, so new hooks do not wait for a timer.
import { Worker } from "bullmq";
import { sqlPool } from "../server/db/client";
import { QUEUE, createQueue } from "../server/jobs/queues";
import { KeyedRuns } from "../server/jobs/keyed-runs";
import type { KeyedJob } from "../server/jobs/keyed-scheduler";
import { createRedis } from "../server/redis/connection";
import { systemClock } from "../server/runtime/clock";
import type { WebhookDeliveryDeps } from "../server/webhook/delivery-deps";
import { deliverUrl } from "../server/webhook/delivery-run";
import { createHookDispatcher } from "../server/webhook/post";
import { listenForQueuedHooks } from "../server/webhook/queued-listener";
import { webhookScheduler } from "../server/webhook/scheduler";
import type { WorkerContext } from "./context";

export async function startWebhookWorker(ctx: WorkerContext): Promise<{ close: () => Promise<void>; reconcile: () => Promise<void> }> {
  const log = ctx.logger.child({ worker: QUEUE.webhook });
  const connection = createRedis(ctx.redisUrl, { forWorker: true });
  const queue = createQueue(QUEUE.webhook, connection, ctx.redisPrefix);
  const scheduler = webhookScheduler(queue);
  const dispatcher = createHookDispatcher();
  const deps: WebhookDeliveryDeps = {
    db: ctx.db,
    clock: systemClock,
    logger: log,
    metrics: ctx.metrics,
    dispatcher,
    timeoutMs: ctx.webhook.timeoutMs,
    schedule: (url, at) => scheduler.schedule(url, at),
  };
  const runs = new KeyedRuns((url) => deliverUrl(deps, url));
  const worker = new Worker<KeyedJob>(QUEUE.webhook, (job) => runs.run(job.data.key), {
    connection,
    prefix: ctx.redisPrefix,
    concurrency: ctx.webhook.concurrency,
  });
  worker.on("failed", (job, err) => log.error({ job: job?.id, url: job?.data.key, err: err.message }, "webhook run failed"));
  await worker.waitUntilReady();
  const reconcile = async () => {
    const urls = await scheduler.reconcile(sqlPool(ctx.db), systemClock.now());
    if (urls > 0) log.debug({ urls }, "reconciled due webhooks");
  };
  const stopListening = await listenForQueuedHooks(sqlPool(ctx.db), reconcile, log);
  log.info({ concurrency: ctx.webhook.concurrency, timeoutMs: ctx.webhook.timeoutMs }, "worker ready");
  return {
    reconcile,
    close: async () => {
      await stopListening();
      await worker.close();
      await queue.close();
      await dispatcher.close();
      connection.disconnect();
    },
  };
}
