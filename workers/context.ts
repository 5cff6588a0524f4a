import type { Db } from "../server/db/client";
import type { Logger } from "../server/log/logger";

export type WorkerContext = { db: Db; redisUrl: string; redisPrefix: string; logger: Logger };
