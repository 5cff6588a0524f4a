// The /metrics endpoint in Prometheus's text format, on a port of its own (MAILROOM_METRICS_PORT) on the
// addresses the other listeners use, so it can be firewalled apart from the web app. GET /metrics only.
import type http from "node:http";
import { errorText } from "../errors";
import type { Logger } from "../log/logger";
import { listenHttp } from "../net/http-listen";
import { listenAll, type Bound } from "../net/listen";
import type { Metrics } from "./metrics";

// The port of a process: the configured one, else localserve's (mox localserve's metrics port); production
// serves no metrics unless a port is set.
export const LOCALSERVE_METRICS_PORT = 1081;
export const metricsPort = (configured: number | undefined, localserve: boolean): number | undefined => configured ?? (localserve ? LOCALSERVE_METRICS_PORT : undefined);

export function metricsHandler(metrics: Metrics, logger: Logger): http.RequestListener {
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("404 - not found\n");
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, { "Content-Type": metrics.registry.contentType });
        res.end(text);
      },
      (err: unknown) => {
        logger.warn({ err: errorText(err) }, "collecting metrics failed");
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end(`500 - collecting metrics failed: ${errorText(err)}\n`);
      },
    );
  };
}

export function startMetricsEndpoint(hosts: string[], port: number, metrics: Metrics, logger: Logger): Promise<Bound[]> {
  const log = logger.child({ component: "metrics" });
  return listenAll({ name: "metrics", portSetting: "MAILROOM_METRICS_PORT" }, hosts, port, listenHttp(metricsHandler(metrics, log)), log);
}
