import type { Config } from "../server/config/env";
import type { Db } from "../server/db/client";
import type { Logger } from "../server/log/logger";
import type { Metrics } from "../server/metrics/metrics";

export type WorkerContext = {
  db: Db;
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  metrics: Metrics;
  hostname: string;
  delivery: Config["delivery"];
  webhook: Config["webhook"];
  // Localserve delivers into the sender's account instead of over SMTP.
  localserve: boolean;
};
