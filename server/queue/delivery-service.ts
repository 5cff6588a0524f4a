// The reconcile loop of a worker process: it turns due database rows into jobs whatever happened to Redis.
import { errorText } from "../errors";
import { sqlPool } from "../db/client";
import type { DeliveryDeps } from "./delivery-deps";
import type { DeliveryScheduler } from "./scheduler";

export function startReconcileLoop(deps: DeliveryDeps, scheduler: DeliveryScheduler, intervalMs: number, extra: () => Promise<void>): () => void {
  const tick = async () => {
    try {
      const domains = await scheduler.reconcile(sqlPool(deps.db), deps.clock.now());
      if (domains > 0) deps.logger.debug({ domains }, "reconciled due deliveries");
      await extra();
    } catch (err) {
      deps.logger.warn({ err: errorText(err) }, "reconcile failed");
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  return () => clearInterval(timer);
}
