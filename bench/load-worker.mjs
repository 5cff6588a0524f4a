// Closed-loop load from its own thread: `concurrency` clients, each sending the next request as soon as the
// previous answer is read, either HTTP requests on keep-alive connections or SMTP messages back to back over one
// connection per client. Plain JavaScript so it runs without a TypeScript loader.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import SMTPConnection from "nodemailer/lib/smtp-connection";

// Either `seconds` of load with one body, or exactly `total` requests cycling through `bodies`.
const { url, method = "POST", headers, smtp, body, bodies, total, concurrency, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const payloads = (bodies ?? [body]).map((b) => Buffer.from(b));
let sent = 0;
const latencies = [];
let errors = 0;
let firstError = "";
const deadline = total ? Infinity : performance.now() + seconds * 1000;
const more = () => (total ? sent < total : performance.now() < deadline);

// Resolves when the server answered 200, rejects with what it said otherwise.
function httpRequest(payload) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers: { ...headers, "Content-Length": payload.length } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(`${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`)));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

// nodemailer's connection pipelines MAIL, RCPT and DATA, as MTAs do. Client i always writes to recipient i.
async function smtpClient(index) {
  const connection = new SMTPConnection({ host: "127.0.0.1", port: smtp.port, name: smtp.helo, ignoreTLS: true });
  await new Promise((resolve, reject) => {
    connection.once("error", reject);
    connection.connect(resolve);
  });
  // A broken connection also fails the send in progress, which counts it.
  connection.on("error", () => undefined);
  const envelope = { from: smtp.from, to: [smtp.recipients[index % smtp.recipients.length]] };
  return {
    request: (payload) => new Promise((resolve, reject) => connection.send(envelope, payload, (err) => (err ? reject(err) : resolve()))),
    close: () => connection.quit(),
  };
}

const httpClient = async () => ({ request: httpRequest, close: () => undefined });

async function once(request) {
  const payload = payloads[sent % payloads.length];
  sent += 1;
  const started = performance.now();
  try {
    await request(payload);
    latencies.push(performance.now() - started);
  } catch (err) {
    errors += 1;
    firstError ||= String(err);
  }
}

async function client(index) {
  const { request, close } = await (smtp ? smtpClient : httpClient)(index);
  while (more()) await once(request);
  close();
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, (_, i) => client(i)));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0;
parentPort.postMessage({ ok: latencies.length, errors, firstError, elapsed, p50: pct(50), p99: pct(99) });
