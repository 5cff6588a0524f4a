// BullMQ queue names. Jobs carry ids only; the worker re-reads the database row, so a job that runs twice or
// late does no harm and upkeep can re-create any job Redis lost.
import { Queue } from "bullmq";
import { createRedis, type Redis } from "../redis/connection";

export const QUEUE = {
  upkeep: "upkeep",
  delivery: "delivery",
  incoming: "incoming",
  webhook: "webhook",
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export function createQueue(name: QueueName, connection: Redis, prefix: string): Queue {
  return new Queue(name, { connection, prefix });
}

// For processes that only add jobs (web, smtp): a queue on its own Redis connection, closed together.
export function openQueue<T>(name: QueueName, redisUrl: string, prefix: string): { queue: Queue<T>; close: () => Promise<void> } {
  const connection = createRedis(redisUrl);
  const queue = createQueue(name, connection, prefix) as Queue<T>;
  return {
    queue,
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
}
