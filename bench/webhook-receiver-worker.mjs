// A webhook receiver in its own thread: node:http answering every POST with 200 "ok\n" once its body is read.
// It counts requests per X-Mox-Webhook-ID, so the benchmark can check each hook arrived exactly once, and the
// connections the senders open, so how many requests they keep out at once is visible.
// "stats" answers with the counts, "reset" clears them. Plain JavaScript so it runs without a TypeScript loader.
import http from "node:http";
import { parentPort } from "node:worker_threads";

let perId = new Map();
let requests = 0;
let bytes = 0;
let open = 0;
let maxOpen = 0;

const server = http.createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
  req.on("data", (chunk) => (bytes += chunk.length));
  req.on("end", () => {
    requests += 1;
    const id = String(req.headers["x-mox-webhook-id"] ?? "");
    perId.set(id, (perId.get(id) ?? 0) + 1);
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": 3 }).end("ok\n");
  });
});

// Answering takes one turn of the event loop, so requests never overlap in here; the connections a sender
// keeps open are what show how many requests it has out at once. Only connections made since the last reset
// count, so a previous sender's closing ones do not.
let generation = 0;
server.on("connection", (socket) => {
  const made = generation;
  open += 1;
  maxOpen = Math.max(maxOpen, open);
  socket.once("close", () => {
    if (made === generation) open -= 1;
  });
});

function stats() {
  let duplicates = 0;
  for (const n of perId.values()) if (n > 1) duplicates += n - 1;
  return { requests, distinct: perId.size, duplicates, bytes, maxOpen };
}

server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (m) => {
  if (m === "stats") parentPort.postMessage({ stats: stats() });
  if (m === "reset") {
    perId = new Map();
    requests = bytes = open = maxOpen = 0;
    generation += 1;
    parentPort.postMessage({ reset: true });
  }
  if (m === "close") {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage({ closed: true }));
  }
});
