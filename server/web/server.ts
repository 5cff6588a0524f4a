// The web process: the webapi and Next.js (pages, tRPC) behind a thin Node HTTP server that gives every
// request an id and one structured log line.
import http from "node:http";
import next from "next";
import type { Config } from "../config/env";
import type { Db } from "../db/client";
import { webResolver } from "../dns/file-resolver";
import type { Logger } from "../log/logger";
import type { Metrics } from "../metrics/metrics";
import { listenHttp } from "../net/http-listen";
import { listenAll } from "../net/listen";
import type { DeliveryScheduler } from "../queue/scheduler";
import { remoteIp, viaTls } from "../net/remote-ip";
import { systemClock } from "../runtime/clock";
import { createTrpcHandler } from "../trpc/http";
import { createWebapiHandler } from "../webapi/http";
import { requestId } from "./request-id";
import { openWebDeps } from "../trpc/web-deps";

export async function startWebServer(config: Config, root: string, db: Db, logger: Logger, metrics: Metrics, scheduler?: DeliveryScheduler, localserve = false): Promise<(() => Promise<void>)[]> {
  const log = logger.child({ component: "web" });
  const { deps, close: closeDeps } = await openWebDeps({
    db,
    clock: systemClock,
    logger,
    metrics,
    hostname: config.hostname,
    scheduler,
    resolver: webResolver({ recordsFile: config.dnsRecordsFile, localserve }),
    submissionPorts: { submission: config.ports.submission, submissions: config.ports.submissions },
  });
  const webapi = createWebapiHandler({
    db,
    hostname: config.hostname,
    maxMessageSize: config.maxMessageSize,
    trustForwarded: config.trustForwarded,
    logger,
    authenticator: deps.authenticator,
    metrics,
    scheduler,
  });
  const trpc = createTrpcHandler(deps, {
    remoteIp: (req) => remoteIp(req, config.trustForwarded),
    secure: (req) => viaTls(req, config.trustForwarded),
  });
  const app = next({ dev: false, dir: root, hostname: config.hostname, port: config.ports.web });
  await app.prepare();
  const handle = app.getRequestHandler();

  const onRequest: http.RequestListener = (req, res) => {
    const id = requestId(req.headers["x-request-id"]);
    req.headers["x-request-id"] = id;
    res.setHeader("X-Request-Id", id);
    const started = performance.now();
    res.once("finish", () => {
      log.info(
        { reqId: id, method: req.method, url: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });
    (webapi(req, res) ?? trpc(req, res) ?? handle(req, res)).catch((err: unknown) => {
      log.error({ reqId: id, err }, "request failed");
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("500 - internal server error\n");
    });
  };

  const bound = await listenAll(
    { name: "web", portSetting: "MAILROOM_WEB_PORT" },
    config.listen,
    config.ports.web,
    listenHttp(onRequest, { keepAliveTimeout: 65_000 }),
    log,
  );
  return [...bound.map((b) => b.close), closeDeps];
}
