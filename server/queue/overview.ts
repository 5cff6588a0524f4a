// The figures of the admin dashboard: the queue's state now and the last day's outcomes per hour.
import { sqlPool, type Db } from "../db/client";
import type { QueueSnapshot } from "../metrics/queue-gauges";

export type QueueOverview = {
  queued: number;
  held: number;
  due: number;
  // Queued messages whose last attempt failed: they are waiting for a retry.
  retrying: number;
  hooksQueued: number;
  hooksRetrying: number;
  last24h: { delivered: number; failed: number; hooksDelivered: number; hooksFailed: number };
  // One entry per hour, oldest first.
  hourly: { hour: Date; delivered: number; failed: number }[];
  topDomains: { domain: string; count: number }[];
};

export async function queueOverview(db: Db, now: Date): Promise<QueueOverview> {
  const sql = sqlPool(db);
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const [queue, hooks, retired, hooksRetired, hourly, domains] = await Promise.all([
    sql.query(
      `SELECT count(*)::int AS queued, count(*) FILTER (WHERE "hold")::int AS held,
              count(*) FILTER (WHERE NOT "hold" AND "nextAttempt" <= $1)::int AS due,
              count(*) FILTER (WHERE "attempts" > 0)::int AS retrying FROM "QueueMessage"`,
      [now.toISOString()],
    ),
    sql.query(`SELECT count(*)::int AS queued, count(*) FILTER (WHERE "attempts" > 0)::int AS retrying FROM "Webhook"`),
    sql.query(
      `SELECT count(*) FILTER (WHERE "success")::int AS delivered, count(*) FILTER (WHERE NOT "success")::int AS failed
       FROM "RetiredMessage" WHERE "lastActivity" >= $1`,
      [since],
    ),
    sql.query(
      `SELECT count(*) FILTER (WHERE "success")::int AS delivered, count(*) FILTER (WHERE NOT "success")::int AS failed
       FROM "RetiredWebhook" WHERE "lastActivity" >= $1`,
      [since],
    ),
    sql.query<{ hour: Date; delivered: number; failed: number }>(
      `SELECT h AS hour, count(r."id") FILTER (WHERE r."success")::int AS delivered, count(r."id") FILTER (WHERE NOT r."success")::int AS failed
       FROM generate_series(date_trunc('hour', $1::timestamp) - interval '23 hours', date_trunc('hour', $1::timestamp), interval '1 hour') h
       LEFT JOIN "RetiredMessage" r ON r."lastActivity" >= h AND r."lastActivity" < h + interval '1 hour'
       GROUP BY h ORDER BY h`,
      [now.toISOString()],
    ),
    sql.query<{ domain: string; count: number }>(
      `SELECT "recipientDomainStr" AS domain, count(*)::int AS count FROM "QueueMessage" GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`,
    ),
  ]);
  return {
    ...queue.rows[0],
    hooksQueued: hooks.rows[0].queued,
    hooksRetrying: hooks.rows[0].retrying,
    last24h: {
      delivered: retired.rows[0].delivered,
      failed: retired.rows[0].failed,
      hooksDelivered: hooksRetired.rows[0].delivered,
      hooksFailed: hooksRetired.rows[0].failed,
    },
    hourly: hourly.rows,
    topDomains: domains.rows,
  };
}

// The figures a metrics scrape reports (metrics/queue-gauges.ts), in one read of the queue table.
export async function queueSnapshot(db: Db): Promise<QueueSnapshot> {
  const { rows } = await sqlPool(db).query<QueueSnapshot>(
    `SELECT count(*)::int AS messages, count(*) FILTER (WHERE "hold")::int AS held, min("queued") AS "oldestQueued",
            (SELECT count(*)::int FROM "Webhook") AS hooks
     FROM "QueueMessage"`,
  );
  return rows[0]!;
}
