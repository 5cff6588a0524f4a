// PostgreSQL tells every webhook worker when hooks were queued (a trigger on "Webhook" notifies at commit), so a
// hook queued by any process, web, smtp or worker, is posted at once without that process knowing about
// webhook jobs. Notifications are folded: a burst of them gives one call of onQueued at a time. A lost
// connection is re-made; what was queued meanwhile is found by the reconcile timer.
import type pg from "pg";
import { errorText } from "../errors";
import type { Logger } from "../log/logger";

export const QUEUED_CHANNEL = "mailroom_webhooks";
const RETRY_MS = 1000;

export async function listenForQueuedHooks(pool: pg.Pool, onQueued: () => Promise<void>, logger: Logger): Promise<() => Promise<void>> {
  const coalesced = coalesce(onQueued, logger);
  let client: pg.PoolClient | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    try {
      const c = await pool.connect();
      c.on("notification", () => coalesced());
      c.on("error", (err) => lost(c, err));
      await c.query(`LISTEN ${QUEUED_CHANNEL}`);
      client = c;
      // Hooks queued while we were not listening.
      coalesced();
    } catch (err) {
      scheduleConnect(err);
    }
  };
  const lost = (c: pg.PoolClient, err: Error) => {
    if (client === c) client = undefined;
    c.release(true);
    scheduleConnect(err);
  };
  const scheduleConnect = (err: unknown) => {
    if (closed) return;
    logger.warn({ err: errorText(err) }, "webhook notifications lost, listening again shortly");
    retry = setTimeout(() => void connect(), RETRY_MS);
  };

  await connect();
  return async () => {
    closed = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    if (!c) return;
    await c.query(`UNLISTEN ${QUEUED_CHANNEL}`).catch(() => undefined);
    c.release();
  };
}

// At most one call running; calls asked for meanwhile make one more run after it.
function coalesce(fn: () => Promise<void>, logger: Logger): () => void {
  let running = false;
  let again = false;
  const run = async () => {
    running = true;
    try {
      do {
        again = false;
        await fn().catch((err: unknown) => logger.warn({ err: errorText(err) }, "reacting to queued webhooks failed"));
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => {
    if (running) again = true;
    else void run();
  };
}
