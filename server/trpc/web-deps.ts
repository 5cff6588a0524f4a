// The one set of dependencies of the web process, made once at start and handed to the webapi and to every
// tRPC procedure. Tests build the same object with their own clock and without a scheduler.
import type { Authenticator } from "../auth/authenticate";
import { sqlPool, type Db } from "../db/client";
import type { Logger } from "../log/logger";
import type { ChangeFeed } from "../live/change-feed";
import type { DeliveryScheduler } from "../queue/scheduler";
import type { Clock } from "../runtime/clock";

export type WebDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  hostname: string;
  authenticator: Authenticator;
  changes: ChangeFeed;
  // Asks the delivery workers to look at the queue again after an admin change (release, reschedule).
  kick: () => Promise<void>;
  // A delivery run for one domain at a time, for retries decided here (admin fail records outcomes).
  schedule: (domain: string, at: Date) => Promise<void>;
};

export function schedulerKicks(db: Db, clock: Clock, scheduler: DeliveryScheduler | undefined): Pick<WebDeps, "kick" | "schedule"> {
  return {
    kick: async () => {
      await scheduler?.reconcile(sqlPool(db), clock.now());
    },
    schedule: async (domain, at) => {
      await scheduler?.schedule(domain, at);
    },
  };
}
