// Asking for runs per key (a recipient domain, a webhook URL). A job names its key and nothing else; the run
// reads the database for what is due. Jobs are only hints: reconcile() re-creates them from the database, so a
// flushed Redis or a lost job delays work by at most one reconcile interval and loses nothing.
import { createHash } from "node:crypto";
import type { Queue } from "bullmq";
import type { SqlClient } from "../db/client";

export type KeyedJob = { key: string };
export type KeyedKick = { key: string; at: Date };

const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: true } as const;

export class KeyedScheduler {
  // dueKeysSql selects the column "key" of the keys with due work, given the time as $1.
  constructor(
    private readonly queue: Queue<KeyedJob>,
    private readonly jobName: string,
    private readonly dueKeysSql: string,
  ) {}

  // Due-now kicks are distinct jobs (a run in progress may have looked already); a future run is one job per
  // key and time, so repeated scheduling of the same retry adds nothing.
  async kick(kicks: KeyedKick[], now = new Date()): Promise<void> {
    const seen = new Set<string>();
    const jobs = [];
    for (const { key, at } of kicks) {
      const delay = Math.max(0, at.getTime() - now.getTime());
      const seenKey = delay > 0 ? `${key}\n${at.getTime()}` : key;
      if (seen.has(seenKey)) continue;
      seen.add(seenKey);
      // Job ids may not contain ":", and a URL can be long: the id names the key by its hash.
      const opts = delay > 0 ? { ...JOB_OPTIONS, delay, jobId: `retry-${keyHash(key)}-${at.getTime()}` } : JOB_OPTIONS;
      jobs.push({ name: this.jobName, data: { key }, opts });
    }
    if (jobs.length > 0) await this.queue.addBulk(jobs);
  }

  async schedule(key: string, at: Date): Promise<void> {
    await this.kick([{ key, at }]);
  }

  // Every key with due work gets a run.
  async reconcile(sql: SqlClient, now: Date): Promise<number> {
    const { rows } = await sql.query<{ key: string }>(this.dueKeysSql, [now.toISOString()]);
    await this.kick(rows.map((r) => ({ key: r.key, at: now })), now);
    return rows.length;
  }
}

function keyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}
