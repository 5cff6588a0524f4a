// What the SMTP listeners need from outside, injected so tests control DNS, time and scheduling.
import type { Address } from "../address/parse";
import type { Authenticator } from "../auth/authenticate";
import type { Db } from "../db/client";
import type { IncomingScheduler } from "../incoming/scheduler";
import type { Logger } from "../log/logger";
import type { Metrics } from "../metrics/metrics";
import type { Resolver } from "../net/resolver";
import type { Kick } from "../queue/scheduler";
import type { Clock } from "../runtime/clock";
import type { AddressOwner } from "../store/address-owner";

export type SmtpDeps = {
  db: Db;
  logger: Logger;
  clock: Clock;
  hostname: string;
  maxMessageSize: number;
  // SPF, DKIM and DMARC lookups for incoming mail.
  resolver: Resolver;
  // Development mode (spec 9): plain-text AUTH from loopback, and special localparts that simulate errors.
  localserve: boolean;
  authenticator: Authenticator;
  metrics: Metrics;
  findAddressOwner: (address: Address) => Promise<AddressOwner | null>;
  // After commit: delivery of submitted messages, post-processing of received ones. Failures are only logged;
  // the workers' reconcile loops find the rows anyway.
  kickDelivery: (kicks: Kick[]) => Promise<void>;
  incoming: Pick<IncomingScheduler, "kick">;
};
