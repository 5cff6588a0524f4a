// Closed-loop load from its own thread: `concurrency` clients, each sending the next request as soon as the
// previous answer is read, either HTTP requests on keep-alive connections or SMTP messages back to back over one
// connection per client. Plain JavaScript so it runs without a TypeScript loader.
import http from "node:http";
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";

// Either `seconds` of load with one body, or exactly `total` requests cycling through `bodies`.
const { url, method = "POST", headers, smtp, body, bodies, total, concurrency, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const payloads = (bodies ?? [body]).map((b) => (smtp ? onTheWire(Buffer.from(b)) : Buffer.from(b)));
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

// Replies in order: each call resolves to the next complete reply, all its lines, or rejects once the
// connection is gone.
function replyReader(socket) {
  let buffered = "";
  let failure = null;
  const waiting = [];
  const settle = () => {
    while (waiting.length > 0) {
      const end = replyEnd(buffered);
      if (end < 0 && !failure) return;
      const waiter = waiting.shift();
      if (end < 0) waiter.reject(failure);
      else {
        waiter.resolve(buffered.slice(0, end));
        buffered = buffered.slice(end);
      }
    }
  };
  socket.on("data", (chunk) => {
    buffered += chunk.toString("latin1");
    settle();
  });
  socket.on("error", (err) => (failure = err));
  socket.on("close", () => {
    failure ??= new Error("connection closed");
    settle();
  });
  return () => new Promise((resolve, reject) => (waiting.push({ resolve, reject }), settle()));
}

// Where the first complete reply ends: after the line whose code is followed by a space, not a dash.
function replyEnd(text) {
  for (let at = 0; ; ) {
    const eol = text.indexOf("\r\n", at);
    if (eol < 0) return -1;
    if (text[at + 3] !== "-") return eol + 2;
    at = eol + 2;
  }
}

// The DATA as sent on the wire, dot-stuffed and terminated once, not per message.
function onTheWire(message) {
  const text = message.toString("latin1").replace(/(^|\r\n)\./g, "$1..");
  return Buffer.from(`${text}${text.endsWith("\r\n") ? "" : "\r\n"}.\r\n`, "latin1");
}

// A lean client, so that it is never what limits the server: the envelope and DATA pipelined (RFC 2920) as
// MTAs send them, and each message written as one prepared buffer. Client i always writes to recipient i.
async function smtpClient(index) {
  const socket = net.connect(smtp.port, "127.0.0.1");
  socket.setNoDelay(true);
  const reply = replyReader(socket);
  const expect = async (code) => {
    const text = await reply();
    if (!text.startsWith(code)) throw new Error(text.trimEnd());
  };
  await expect("220");
  socket.write(`EHLO ${smtp.helo}\r\n`);
  await expect("250");
  const envelope = `MAIL FROM:<${smtp.from}>\r\nRCPT TO:<${smtp.recipients[index % smtp.recipients.length]}>\r\nDATA\r\n`;
  return {
    request: async (data) => {
      socket.write(envelope);
      const replies = [await reply(), await reply(), await reply()];
      if (!replies[2].startsWith("354")) throw new Error(replies.join("").trimEnd());
      socket.write(data);
      await expect("250");
    },
    close: () => socket.end("QUIT\r\n"),
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
