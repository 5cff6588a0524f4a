import { Worker } from "node:worker_threads";

// HTTP requests to `url`, or SMTP messages to the server on 127.0.0.1 at `port`, client i writing to recipient i.
type Target = { url: string; method?: string; headers: Record<string, string> } | { smtp: { port: number; helo: string; from: string; recipients: string[] } };
export type LoadSpec = Target & { concurrency: number } & ({ body: string | Buffer; seconds: number } | { bodies: string[]; total: number });
export type LoadResult = { ok: number; errors: number; firstError: string; elapsed: number; p50: number; p99: number; perSecond: number };

// Runs the load in a worker thread, so the client and the server under test do not share one event loop.
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./load-worker.mjs", import.meta.url), { workerData: spec });
    worker.once("message", (r: Omit<LoadResult, "perSecond">) => resolve({ ...r, perSecond: r.ok / r.elapsed }));
    worker.once("error", reject);
  });
}
