// Closed-loop HTTP load from its own thread: `concurrency` clients on keep-alive connections, each sending the
// next request as soon as the previous answer is read. Plain JavaScript so it runs without a TypeScript loader.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

// Either `seconds` of load with one body, or exactly `total` requests cycling through `bodies`.
const { url, method, headers, body, bodies, total, concurrency, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const payloads = (bodies ?? [body]).map((b) => Buffer.from(b));
let sent = 0;
const latencies = [];
let errors = 0;
let firstError = "";
const deadline = total ? Infinity : performance.now() + seconds * 1000;
const more = () => (total ? sent < total : performance.now() < deadline);

function once() {
  const payload = payloads[sent % payloads.length];
  sent += 1;
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, { method, agent, headers: { ...headers, "Content-Length": payload.length } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        if (res.statusCode === 200) latencies.push(performance.now() - started);
        else {
          errors += 1;
          firstError ||= `${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`;
        }
        resolve();
      });
    });
    req.on("error", (err) => {
      errors += 1;
      firstError ||= String(err);
      resolve();
    });
    req.end(payload);
  });
}

async function client() {
  while (more()) await once();
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, client));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
parentPort.postMessage({ ok: latencies.length, errors, firstError, elapsed, p50: pct(50), p99: pct(99) });
