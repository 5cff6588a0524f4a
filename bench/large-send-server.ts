// The webapi in a process of its own, so that its resident memory is the webapi's alone: the parent asks for the
// peak since the last reset over IPC. Linux keeps the peak (VmHWM) and resets it on a write of "5" to clear_refs.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Authenticator } from "../server/auth/authenticate";
import { createDb } from "../server/db/client";
import { createLogger } from "../server/log/logger";
import { createWebapiHandler } from "../server/webapi/http";
import { createMetrics } from "../server/metrics/metrics";
import { peakResidentBytes, resetPeakResident } from "./peak-memory";

export type ServerReply = { port: number } | { rss: number } | { peak: number };
export type ServerCommand = "reset" | "peak";

const db = createDb(process.env.BENCH_DATABASE_URL!, 10);
const maxMessageSize = Number(process.env.BENCH_MAX_MESSAGE_SIZE);
const handler = createWebapiHandler({ db, hostname: "bench.example", maxMessageSize, trustForwarded: false, logger: createLogger("bench", "silent"), authenticator: new Authenticator(db), metrics: createMetrics() });
const server = http.createServer((req, res) => void handler(req, res));
server.listen(0, "127.0.0.1", () => process.send!({ port: (server.address() as AddressInfo).port } satisfies ServerReply));

process.on("message", (command: ServerCommand) => {
  if (command === "reset") {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ rss: resetPeakResident() } satisfies ServerReply);
  } else {
    process.send!({ peak: peakResidentBytes() } satisfies ServerReply);
  }
});
process.on("disconnect", () => {
  server.closeAllConnections();
  server.close();
  void db.$disconnect().then(() => process.exit(0));
});
