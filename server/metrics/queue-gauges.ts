// The outgoing queue's size and age, read when Prometheus scrapes: one query serves every gauge of a scrape, so
// a scrape costs the queue table one read and nothing in between. Registered by the worker process only: the
// queue is one for all processes, and three processes reporting it would count it three times.
import { Gauge } from "prom-client";
import type { Clock } from "../runtime/clock";
import { SingleFlight } from "../runtime/single-flight";
import type { Metrics } from "./metrics";

export type QueueSnapshot = {
  messages: number;
  held: number;
  // When the oldest message still in the queue was submitted; null when the queue is empty.
  oldestQueued: Date | null;
  // Webhook calls waiting for their first or next attempt.
  hooks: number;
};

export function registerQueueGauges(metrics: Metrics, snapshot: () => Promise<QueueSnapshot>, clock: Clock): void {
  const once = new SingleFlight<QueueSnapshot>();
  const registers = [metrics.registry];
  const gauge = (name: string, help: string, value: (s: QueueSnapshot) => number) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        this.set(value(await once.run([], snapshot)));
      },
    });
  gauge("mailroom_queue_messages", "Messages in the outgoing queue (one per recipient), held ones included.", (s) => s.messages);
  gauge("mox_queue_hold", "Messages in the outgoing queue that are on hold.", (s) => s.held);
  gauge("mailroom_queue_oldest_message_age_seconds", "Seconds since the oldest message in the outgoing queue was submitted; 0 when the queue is empty.", (s) =>
    s.oldestQueued ? Math.max(0, (clock.now().getTime() - s.oldestQueued.getTime()) / 1000) : 0,
  );
  gauge("mailroom_webhook_queue_hooks", "Webhook calls waiting in the webhook queue.", (s) => s.hooks);
}
