// All BullMQ workers of the worker process; each returns its own closer.
import type { WorkerContext } from "./context";
import { startUpkeepWorker } from "./upkeep";

export async function startWorkers(ctx: WorkerContext): Promise<() => Promise<void>> {
  const closers = [await startUpkeepWorker(ctx)];
  return async () => {
    await Promise.all(closers.map((close) => close()));
  };
}
