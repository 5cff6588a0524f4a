// Everything a delivery run needs from outside, injected so tests control time, DNS and ports.
import type { Db } from "../db/client";
import type { Logger } from "../log/logger";
import type { Metrics } from "../metrics/metrics";
import type { Resolver } from "../net/resolver";
import type { Clock } from "../runtime/clock";
import type { MtaStsLookup } from "./mta-sts";

export type DeliveryDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  // Our host name: EHLO, Received, DSN Reporting-MTA and postmaster address.
  hostname: string;
  resolver: Resolver;
  mtaSts: MtaStsLookup;
  // Port for direct (MX) delivery: 25, except in tests that run the remote side on loopback.
  directPort: number;
  // Extra CA trusted for verified TLS (tests with self-signed certificates).
  trustedCa?: string;
  // Deliveries to one recipient domain at the same time, across all workers.
  perDomain: number;
  // Localserve: messages are delivered into the sender's own account (spec 9), nothing leaves the machine.
  localserve: boolean;
  // Asks for a delivery run for the domain at the given time (a delayed job).
  schedule: (domain: string, at: Date) => Promise<void>;
  // Asks for the post-processing of messages localserve delivered into an account (fromid matching, webhooks).
  processReceived: (messageIds: bigint[]) => Promise<void>;
};
