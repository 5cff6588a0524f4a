// BullMQ queue names. Jobs carry ids only; the worker re-reads the database row, so a job that runs twice or
// late does no harm and upkeep can re-create any job Redis lost.
import { Queue } from "bullmq";
import type { Redis } from "../redis/connection";

export const QUEUE = {
  upkeep: "upkeep",
  delivery: "delivery",
  incoming: "incoming",
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export function createQueue(name: QueueName, connection: Redis, prefix: string): Queue {
  return new Queue(name, { connection, prefix });
}
