// PostgreSQL tells every webhook worker when hooks were queued (a trigger on "Webhook" notifies at commit), so a
// hook queued by any process, web, smtp or worker, is posted at once without that process knowing about
// webhook jobs. Notifications are folded: a burst of them gives one call of onQueued at a time. A lost
// connection is re-made; what was queued meanwhile is found by the reconcile timer.
import type pg from "pg";
import { listenChannel } from "../db/notify-listener";
import { errorText } from "../errors";
import type { Logger } from "../log/logger";

export const QUEUED_CHANNEL = "mailroom_webhooks";

export function listenForQueuedHooks(pool: pg.Pool, onQueued: () => Promise<void>, logger: Logger): Promise<() => Promise<void>> {
  return listenChannel(pool, QUEUED_CHANNEL, coalesce(onQueued, logger), logger);
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
