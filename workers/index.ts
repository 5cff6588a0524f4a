// All BullMQ workers of the worker process; each returns its own closer.
import type { WorkerContext } from "./context";
import { startDeliveryWorker } from "./delivery";
import { startIncomingWorker } from "./incoming";
import { startUpkeepWorker } from "./upkeep";
import { startWebhookWorker } from "./webhook";

export async function startWorkers(ctx: WorkerContext): Promise<() => Promise<void>> {
  const upkeep = await startUpkeepWorker(ctx);
  const incoming = await startIncomingWorker(ctx);
  const webhook = await startWebhookWorker(ctx);
  // The delivery worker's reconcile tick also brings back what a flushed Redis lost of the other queues.
  const onReconcile = async () => {
    await upkeep.ensureSchedule();
    await incoming.reconcile();
    await webhook.reconcile();
  };
  const delivery = await startDeliveryWorker(ctx, onReconcile, { processReceived: (ids) => incoming.scheduler.kick(ids) });
  const closers = [upkeep.close, incoming.close, webhook.close, delivery];
  return async () => {
    await Promise.all(closers.map((close) => close()));
  };
}
