// The SMTP listeners: incoming mail (port 25; localserve 1025), submission with STARTTLS (587; localserve 1587)
// and submission with implicit TLS (465; localserve 1465). All announce SIZE, 8BITMIME, SMTPUTF8, PIPELINING
// and ENHANCEDSTATUSCODES; smtp-server refuses a message over the size limit while it streams. Resources are
// bounded the same way on every listener, loopback included: open connections per listening address and per
// client (421), recipients per transaction (452 4.5.3, the client sends the rest in another transaction), and
// silence (421 after the idle timeout).
import type { SMTPServerOptions } from "smtp-server";
import type { Config } from "../config/env";
import type { SmtpListener } from "../metrics/metrics";
import { listenAll, type Bound } from "../net/listen";
import { loadTlsCredentials } from "../tls/credentials";
import { ConnectionsPerIp } from "./connections-per-ip";
import { incomingHandlers } from "./incoming";
import { LimitedSmtpServer } from "./limited-server";
import type { SmtpDeps } from "./smtp-deps";
import { submissionHandlers } from "./submission";

type Service = { name: SmtpListener; portSetting: string; port: number; options: SMTPServerOptions };

// On stop, transactions under way get this long to finish before their connections are closed with 421.
const CLOSE_GRACE_MS = 3000;

function baseOptions(config: Config, deps: SmtpDeps, tls: { key: string; cert: string }): SMTPServerOptions {
  return {
    name: config.hostname,
    banner: "Mailroom",
    logger: false,
    size: config.maxMessageSize,
    rejectOversized: true,
    maxClients: config.smtp.maxConnections,
    maxRecipients: config.smtp.maxRecipients,
    socketTimeout: config.smtp.idleTimeoutMs,
    closeTimeout: CLOSE_GRACE_MS,
    // The Received header names the client by its EHLO name and IP; a reverse lookup per connection buys nothing.
    disableReverseLookup: true,
    heloResponse: "%s greets %s",
    hideENHANCEDSTATUSCODES: false,
    key: tls.key,
    cert: tls.cert,
    // DSN parameters (NOTIFY, RET, ENVID) are not honoured, so they are not offered.
    hideDSN: true,
    onConnect(session, callback) {
      deps.logger.debug({ remote: session.remoteAddress, id: session.id }, "smtp connection");
      callback();
    },
  };
}

export async function startSmtpListeners(config: Config, deps: SmtpDeps): Promise<Bound[]> {
  const tls = await loadTlsCredentials({ certFile: config.tls.certFile, keyFile: config.tls.keyFile, dataDir: config.dataDir, hostname: config.hostname });
  if (tls.source === "self-signed") deps.logger.info({ hostname: config.hostname }, "smtp uses a self-signed certificate (set MAILROOM_TLS_CERT and MAILROOM_TLS_KEY for a real one)");
  const base = baseOptions(config, deps, tls);
  const submission: SMTPServerOptions = {
    ...base,
    ...submissionHandlers(deps),
    authMethods: ["PLAIN", "LOGIN"],
    // Plain-text AUTH is refused in onAuth unless localserve and loopback; smtp-server would refuse it earlier.
    allowInsecureAuth: deps.localserve,
  };
  const services: Service[] = [
    { name: "smtp", portSetting: "MAILROOM_SMTP_PORT", port: config.ports.smtp, options: { ...base, ...incomingHandlers(deps), authOptional: true, disabledCommands: ["AUTH"] } },
    { name: "submission", portSetting: "MAILROOM_SUBMISSION_PORT", port: config.ports.submission, options: submission },
    { name: "submissions", portSetting: "MAILROOM_SUBMISSIONS_PORT", port: config.ports.submissions, options: { ...submission, secure: true } },
  ];
  const perIp = new ConnectionsPerIp(config.smtp.maxConnectionsPerIp);
  const bound: Bound[] = [];
  try {
    for (const s of services) bound.push(...(await listenAll(s, config.listen, s.port, listenSmtp(s, perIp, deps), deps.logger)));
    return bound;
  } catch (err) {
    await Promise.all(bound.map((b) => b.close()));
    throw err;
  }
}

function listenSmtp(service: Service, perIp: ConnectionsPerIp, deps: SmtpDeps) {
  return (host: string, port: number): Promise<Bound> =>
    new Promise((resolve, reject) => {
      const server = new LimitedSmtpServer(service.options, perIp, { metrics: deps.metrics, listener: service.name });
      const onError = (err: Error) => reject(err);
      server.once("error", onError);
      server.listen(port, host, () => {
        server.off("error", onError);
        // Errors after startup are a client's broken connection; logged by the handlers where it matters.
        server.on("error", () => undefined);
        const actualPort = (server.server.address() as { port: number }).port;
        resolve({ host, port: actualPort, close: () => new Promise((r) => server.close(() => r())) });
      });
    });
}
