// The delivery side of a worker process: delivery runs per domain, at most one per domain in this process
// (a job for a domain already running here only asks that run to look again), and the reconcile loop that
// turns due database rows into jobs whatever happened to Redis.
import { errorText } from "../errors";
import { sqlPool } from "../db/client";
import type { DeliveryDeps } from "./delivery-deps";
import { deliverDomain } from "./delivery-run";
import type { DeliveryScheduler } from "./scheduler";

export class DomainRuns {
  private readonly running = new Map<string, { again: boolean }>();

  constructor(private readonly deps: DeliveryDeps) {}

  async run(domain: string): Promise<void> {
    const current = this.running.get(domain);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: true };
    this.running.set(domain, state);
    try {
      while (state.again) {
        state.again = false;
        await deliverDomain(this.deps, domain);
      }
    } finally {
      this.running.delete(domain);
    }
  }

  get active(): number {
    return this.running.size;
  }
}

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
