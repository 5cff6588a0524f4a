// Asking for delivery runs. A job names a recipient domain and nothing else; the run reads the database for
// what is due. Jobs are only hints: reconcile() re-creates them from the database, so a flushed Redis or a lost
// job delays delivery by at most one reconcile interval and loses nothing.
import type { Queue } from "bullmq";
import type { SqlClient } from "../db/client";
import { QUEUE, openQueue } from "../jobs/queues";

export type DeliveryJob = { domain: string };
export type Kick = { domain: string; at: Date };

const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true } as const;

export class DeliveryScheduler {
  constructor(private readonly queue: Queue<DeliveryJob>) {}

  // Due-now kicks are distinct jobs (a run in progress may have looked already); a future run is one job per
  // domain and time, so repeated scheduling of the same retry adds nothing.
  async kick(kicks: Kick[], now = new Date()): Promise<void> {
    const seen = new Set<string>();
    const jobs = [];
    for (const { domain, at } of kicks) {
      const delay = Math.max(0, at.getTime() - now.getTime());
      const key = delay > 0 ? `${domain}|${at.getTime()}` : domain;
      if (seen.has(key)) continue;
      seen.add(key);
      jobs.push({ name: "deliver", data: { domain }, opts: delay > 0 ? { ...JOB_OPTIONS, delay, jobId: `retry|${key}` } : JOB_OPTIONS });
    }
    if (jobs.length > 0) await this.queue.addBulk(jobs);
  }

  async schedule(domain: string, at: Date): Promise<void> {
    await this.kick([{ domain, at }]);
  }

  // Every domain with due, not held messages gets a run.
  async reconcile(sql: SqlClient, now: Date): Promise<number> {
    const { rows } = await sql.query<{ domain: string }>(
      `SELECT DISTINCT "recipientDomain" AS domain FROM "QueueMessage" WHERE NOT "hold" AND "nextAttempt" <= $1 LIMIT 10000`,
      [now.toISOString()],
    );
    await this.kick(rows.map((r) => ({ domain: r.domain, at: now })), now);
    return rows.length;
  }
}

// For processes that only add work (web, smtp): a scheduler on its own Redis connection.
export function openDeliveryScheduler(redisUrl: string, prefix: string): { scheduler: DeliveryScheduler; close: () => Promise<void> } {
  const { queue, close } = openQueue<DeliveryJob>(QUEUE.delivery, redisUrl, prefix);
  return { scheduler: new DeliveryScheduler(queue), close };
}
