import net from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
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
