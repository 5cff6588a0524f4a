// The SMTP listeners: incoming mail (port 25; localserve 1025) and submission (587; localserve 1587).
// At this stage they greet and speak ESMTP, and answer every transaction with a temporary failure, so senders
// retry later and nothing is lost; incoming delivery and submission are built on these listeners.
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import type { Config } from "../config/env";
import type { Logger } from "../log/logger";
import { listenAll, type Bound } from "../net/listen";

function temporaryFailure(text: string): Error {
  return Object.assign(new Error(text), { responseCode: 451 });
}

function baseOptions(config: Config, logger: Logger): SMTPServerOptions {
  return {
    name: config.hostname,
    banner: "Mailroom",
    logger: false,
    disabledCommands: ["STARTTLS"],
    size: 100 * 1024 * 1024,
    onConnect(session, callback) {
      logger.debug({ remote: session.remoteAddress, id: session.id }, "smtp connection");
      callback();
    },
    onMailFrom(_address, _session, callback) {
      callback(temporaryFailure("4.3.2 mail transactions are not enabled on this server yet, try again later"));
    },
  };
}

function listenSmtp(options: SMTPServerOptions) {
  return (host: string, port: number): Promise<Bound> =>
    new Promise((resolve, reject) => {
      const server = new SMTPServer(options);
      const onError = (err: Error) => reject(err);
      server.once("error", onError);
      server.listen(port, host, () => {
        server.off("error", onError);
        const actualPort = (server.server.address() as { port: number }).port;
        resolve({ host, port: actualPort, close: () => new Promise((r) => server.close(() => r())) });
      });
    });
}

export async function startSmtpListeners(config: Config, logger: Logger): Promise<Bound[]> {
  const log = logger.child({ component: "smtp" });
  const incoming = await listenAll(
    { name: "smtp", portSetting: "MAILROOM_SMTP_PORT" },
    config.listen,
    config.ports.smtp,
    listenSmtp({ ...baseOptions(config, log), authOptional: true, disabledCommands: ["STARTTLS", "AUTH"] }),
    log,
  );
  try {
    const submission = await listenAll(
      { name: "submission", portSetting: "MAILROOM_SUBMISSION_PORT" },
      config.listen,
      config.ports.submission,
      listenSmtp({
        ...baseOptions(config, log),
        authMethods: ["PLAIN", "LOGIN"],
        // Submission credentials are checked once the account store serves SMTP; until then AUTH fails softly.
        allowInsecureAuth: true,
        onAuth(_auth, _session, callback) {
          callback(Object.assign(new Error("4.7.0 authentication is not enabled on this server yet"), { responseCode: 454 }));
        },
      }),
      log,
    );
    return [...incoming, ...submission];
  } catch (err) {
    await Promise.all(incoming.map((b) => b.close()));
    throw err;
  }
}
