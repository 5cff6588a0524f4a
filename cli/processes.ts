// The long-lived processes of the `mailroom` command, each a list of parts (see service.ts). Loaded only when a
// process starts, so that ops commands do not pay for loading the web, SMTP and worker code.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startWorkers } from "../workers/index";
import { provisionLocalserve } from "../server/provision/localserve";
import { startSmtpListeners } from "../server/smtp/listeners";
import { ensureWebBuild } from "../server/web/build";
import { startWebServer } from "../server/web/server";
import { openDeliveryScheduler } from "../server/queue/scheduler";
import { queueSnapshot } from "../server/queue/overview";
import { metricsPort, startMetricsEndpoint } from "../server/metrics/endpoint";
import { registerQueueGauges } from "../server/metrics/queue-gauges";
import { Authenticator } from "../server/auth/authenticate";
import { openIncomingScheduler } from "../server/incoming/scheduler";
import { staticResolver, systemResolver } from "../server/net/resolver";
import { systemClock } from "../server/runtime/clock";
import { cachedAddressOwners } from "../server/store/address-owner";
import { runService, type Part, type ProcessName } from "./service";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const webPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources, metrics }) => {
    await ensureWebBuild(root, logger);
    const delivery = openDeliveryScheduler(resources.redisUrl, config.redisPrefix);
    const closers = await startWebServer(config, root, resources.db, logger, metrics, delivery.scheduler, localserve);
    return [delivery.close, ...closers];
  };
const smtpPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources, metrics }) => {
    const delivery = openDeliveryScheduler(resources.redisUrl, config.redisPrefix);
    const incoming = openIncomingScheduler(resources.redisUrl, config.redisPrefix);
    const bound = await startSmtpListeners(config, {
      db: resources.db,
      logger: logger.child({ component: "smtp" }),
      clock: systemClock,
      hostname: config.hostname,
      maxMessageSize: config.maxMessageSize,
      // Localserve is for working offline: sender checks find no DNS records rather than asking the internet.
      resolver: localserve ? staticResolver({}) : systemResolver,
      localserve,
      authenticator: new Authenticator(resources.db),
      metrics,
      findAddressOwner: cachedAddressOwners(resources.db),
      kickDelivery: (kicks) => delivery.scheduler.kick(kicks),
      incoming: incoming.scheduler,
    });
    return [delivery.close, incoming.close, ...bound.map((b) => b.close)];
  };
const workerPart =
  (localserve: boolean): Part =>
  async ({ config, logger, resources, metrics }) => {
    registerQueueGauges(metrics, () => queueSnapshot(resources.db), systemClock);
    return startWorkers({
      db: resources.db,
      redisUrl: resources.redisUrl,
      redisPrefix: config.redisPrefix,
      logger,
      metrics,
      hostname: config.hostname,
      delivery: config.delivery,
      webhook: config.webhook,
      localserve,
    });
  };
// Last, so the endpoint answers only once the process is up, and stops first.
const metricsPart =
  (localserve: boolean): Part =>
  async ({ config, logger, metrics }) => {
    const port = metricsPort(config.ports.metrics, localserve);
    if (port === undefined) return [];
    const bound = await startMetricsEndpoint(config.listen, port, metrics, logger);
    return bound.map((b) => b.close);
  };
const provision: Part = async ({ logger, resources }) => {
  await provisionLocalserve(resources.db, logger);
  return [];
};

export const PROCESSES: Record<ProcessName, () => Promise<void>> = {
  localserve: () => runService("localserve", [provision, webPart(true), smtpPart(true), workerPart(true), metricsPart(true)]),
  web: () => runService("web", [webPart(false), metricsPart(false)]),
  smtp: () => runService("smtp", [smtpPart(false), metricsPart(false)]),
  worker: () => runService("worker", [workerPart(false), metricsPart(false)]),
};

