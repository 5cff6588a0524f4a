// Asking for delivery runs: a job names a recipient domain (spec 3.2).
import type { Queue } from "bullmq";
import { QUEUE, openQueue } from "../jobs/queues";
import { KeyedScheduler, type KeyedJob } from "../jobs/keyed-scheduler";

export type DeliveryJob = KeyedJob;
export type Kick = { domain: string; at: Date };

// Every domain with due, not held messages.
const DUE_DOMAINS_SQL = `SELECT DISTINCT "recipientDomain" AS key FROM "QueueMessage" WHERE NOT "hold" AND "nextAttempt" <= $1 LIMIT 10000`;

export class DeliveryScheduler {
  private readonly keyed: KeyedScheduler;

  constructor(queue: Queue<DeliveryJob>) {
    this.keyed = new KeyedScheduler(queue, "deliver", DUE_DOMAINS_SQL);
  }

  kick(kicks: Kick[], now = new Date()): Promise<void> {
    return this.keyed.kick(kicks.map((k) => ({ key: k.domain, at: k.at })), now);
  }

  schedule(domain: string, at: Date): Promise<void> {
    return this.keyed.schedule(domain, at);
  }

  reconcile(...args: Parameters<KeyedScheduler["reconcile"]>): Promise<number> {
    return this.keyed.reconcile(...args);
  }
}

// For processes that only add work (web, smtp): a scheduler on its own Redis connection.
export function openDeliveryScheduler(redisUrl: string, prefix: string): { scheduler: DeliveryScheduler; close: () => Promise<void> } {
  const { queue, close } = openQueue<DeliveryJob>(QUEUE.delivery, redisUrl, prefix);
  return { scheduler: new DeliveryScheduler(queue), close };
}
