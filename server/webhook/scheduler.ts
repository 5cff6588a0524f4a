// Asking for webhook runs: a job names a URL. The Webhook rows are the truth, so reconcile() re-creates jobs
// for every URL with due hooks whatever happened to Redis.
import type { Queue } from "bullmq";
import { KeyedScheduler, type KeyedJob } from "../jobs/keyed-scheduler";

const DUE_URLS_SQL = `SELECT DISTINCT "url" AS key FROM "Webhook" WHERE "nextAttempt" <= $1 LIMIT 10000`;

export function webhookScheduler(queue: Queue<KeyedJob>): KeyedScheduler {
  return new KeyedScheduler(queue, "post", DUE_URLS_SQL);
}
