// All BullMQ workers of the worker process; each returns its own closer.
import type { WorkerContext } from "./context";
import { startDeliveryWorker } from "./delivery";
import { startUpkeepWorker } from "./upkeep";

export async function startWorkers(ctx: WorkerContext): Promise<() => Promise<void>> {
  const upkeep = await startUpkeepWorker(ctx);
  const closers = [upkeep.close, await startDeliveryWorker(ctx, upkeep.ensureSchedule)];
  return async () => {
    await Promise.all(closers.map((close) => close()));
  };
}
