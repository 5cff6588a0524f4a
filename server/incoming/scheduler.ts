// Asking for the post-processing of received messages. A job names one stored message; the IncomingTask row
// is the truth, so reconcile() re-creates jobs for due tasks whatever happened to Redis.
import type { Queue } from "bullmq";
import type { SqlClient } from "../db/client";
import { QUEUE, openQueue } from "../jobs/queues";

export type IncomingJob = { messageId: string };

const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true } as const;

export class IncomingScheduler {
  constructor(private readonly queue: Queue<IncomingJob>) {}

  // The job id is the message id, so a task that already has a waiting job does not get a second one.
  async kick(messageIds: bigint[], at?: Date, now = new Date()): Promise<void> {
    if (messageIds.length === 0) return;
    const delay = at ? Math.max(0, at.getTime() - now.getTime()) : 0;
    await this.queue.addBulk(
      messageIds.map((id) => ({
        name: "process",
        data: { messageId: id.toString() },
        opts: { ...JOB_OPTIONS, delay, jobId: delay ? `m${id}-${at!.getTime()}` : `m${id}` },
      })),
    );
  }

  async reconcile(sql: SqlClient, now: Date): Promise<number> {
    const { rows } = await sql.query<{ id: string }>(
      `SELECT "messageId" AS id FROM "IncomingTask" WHERE "nextAttempt" <= $1 ORDER BY "nextAttempt" LIMIT 10000`,
      [now.toISOString()],
    );
    await this.kick(rows.map((r) => BigInt(r.id)));
    return rows.length;
  }
}

// For processes that only add work (smtp): a scheduler on its own Redis connection.
export function openIncomingScheduler(redisUrl: string, prefix: string): { scheduler: IncomingScheduler; close: () => Promise<void> } {
  const { queue, close } = openQueue<IncomingJob>(QUEUE.incoming, redisUrl, prefix);
  return { scheduler: new IncomingScheduler(queue), close };
}
