// Asking for webhook runs: a job names a URL. The Webhook rows are the truth, so reconcile() re-creates jobs
// for every URL with due hooks whatever happened to Redis.
import type { Queue } from "bullmq";
import { KeyedScheduler, type KeyedJob } from "../jobs/keyed-scheduler";
import { notPausedSql } from "./pause";

// Hooks of paused accounts are due but wait for Resume: no run is asked for them.
const DUE_URLS_SQL = `SELECT DISTINCT "url" AS key FROM "Webhook" w WHERE "nextAttempt" <= $1 AND ${notPausedSql("w")} LIMIT 10000`;

export function webhookScheduler(queue: Queue<KeyedJob>): KeyedScheduler {
  return new KeyedScheduler(queue, "post", DUE_URLS_SQL);
}
