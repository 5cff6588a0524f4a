import type { Dispatcher } from "undici";
import type { Db } from "../db/client";
import type { Logger } from "../log/logger";
import type { Metrics } from "../metrics/metrics";
import type { Clock } from "../runtime/clock";

export type WebhookDeliveryDeps = {
  db: Db;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  dispatcher: Dispatcher;
  // Per request, from connecting to the end of the response.
  timeoutMs: number;
  // For the backoff's jitter; tests fix it.
  random?: () => number;
  // Asks for a run for the URL at that time: a retry, or now after a run gave up its turn.
  schedule: (url: string, at: Date) => Promise<void>;
};
