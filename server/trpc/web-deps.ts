// The one set of dependencies of the web process, made once at start and handed to the webapi and to every
// tRPC procedure. Tests open the same object with their own clock and without a scheduler.
import { Authenticator } from "../auth/authenticate";
import { sqlPool, type Db } from "../db/client";
import type { SubmissionPorts } from "../dns/records";
import type { Logger } from "../log/logger";
import type { Metrics } from "../metrics/metrics";
import { startChangeFeed, type ChangeFeed } from "../live/change-feed";
import { staticResolver, type Resolver } from "../net/resolver";
import type { DeliveryScheduler } from "../queue/scheduler";
import type { Clock } from "../runtime/clock";

export type WebDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  // Web logins are counted here (mox_authentication_total, kinds webadmin and webaccount).
  metrics: Metrics;
  hostname: string;
  authenticator: Authenticator;
  changes: ChangeFeed;
  // Asks the delivery workers to look at the queue again after an admin change (release, reschedule).
  kick: () => Promise<void>;
  // A delivery run for one domain at a time, for retries decided here (admin fail records outcomes).
  schedule: (domain: string, at: Date) => Promise<void>;
  // The DNS check of the domain pages looks records up here; the client settings name these ports.
  resolver: Resolver;
  submissionPorts: SubmissionPorts;
};

// Unless told otherwise (tests), nothing is looked up outside: a resolver that finds nothing.
const OFFLINE_RESOLVER = staticResolver({});
const STANDARD_SUBMISSION_PORTS: SubmissionPorts = { submission: 587, submissions: 465 };

// The web process's dependencies with its change feed listening; close stops the listening.
export async function openWebDeps(o: {
  db: Db;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  hostname: string;
  scheduler?: DeliveryScheduler;
  resolver?: Resolver;
  submissionPorts?: SubmissionPorts;
}): Promise<{ deps: WebDeps; close: () => Promise<void> }> {
  const changes = await startChangeFeed(sqlPool(o.db), o.logger);
  const deps: WebDeps = {
    db: o.db,
    clock: o.clock,
    logger: o.logger,
    metrics: o.metrics,
    hostname: o.hostname,
    authenticator: new Authenticator(o.db),
    changes: changes.feed,
    kick: async () => {
      await o.scheduler?.reconcile(sqlPool(o.db), o.clock.now());
    },
    schedule: async (domain, at) => {
      await o.scheduler?.schedule(domain, at);
    },
    resolver: o.resolver ?? OFFLINE_RESOLVER,
    submissionPorts: o.submissionPorts ?? STANDARD_SUBMISSION_PORTS,
  };
  return { deps, close: changes.close };
}
