import { randomInt } from "node:crypto";
import http from "node:http";
import net from "node:net";

// Ports below the kernel's ephemeral range (32768-60999 by default). listen(0) hands out ports from that range,
// which outgoing connections (to PostgreSQL, Redis, SMTP peers) take too, so a port found free there can be taken
// before the process under test binds it. Ports handed out are not handed out again by this test process.
const LOWEST = 20000;
const SPAN = 12000;
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const port = LOWEST + randomInt(SPAN);
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

// Connects and returns the server's first line (an SMTP greeting, for SMTP ports).
export function firstLine(port: number, host = "127.0.0.1", timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    let buffered = "";
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no line from ${host}:${port} within ${timeoutMs} ms`));
    });
    socket.on("data", (d) => {
      buffered += d.toString();
      const end = buffered.indexOf("\r\n");
      if (end >= 0) {
        socket.end("QUIT\r\n");
        resolve(buffered.slice(0, end));
      }
    });
    socket.once("error", reject);
  });
}

// An HTTP server on a free loopback port for a handler that may decline a request (returns null): those get 404.
export async function serveLoopback(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | null): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (!handler(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
