// An HTTP server per listening address, for listenAll: it resolves once bound, and its close ends open
// connections (keep-alive ones included) instead of waiting for clients to leave.
import http from "node:http";
import type { Listen } from "./listen";

export function listenHttp(onRequest: http.RequestListener, options: http.ServerOptions = {}): Listen {
  return (host, port) =>
    new Promise((resolve, reject) => {
      const server = http.createServer(options, onRequest);
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        const actual = (server.address() as { port: number }).port;
        resolve({
          host,
          port: actual,
          close: () =>
            new Promise((r) => {
              server.closeAllConnections();
              server.close(() => r());
            }),
        });
      });
    });
}
