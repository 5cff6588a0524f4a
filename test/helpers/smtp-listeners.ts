// The real SMTP listeners in the test process, on loopback ports the OS picks, with a table resolver, a
// settable clock, and a record of the delivery and post-processing the listeners asked for.
import { mkdtempSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTransport } from "nodemailer";
import { Authenticator } from "../../server/auth/authenticate";
import { loadConfig } from "../../server/config/env";
import type { Db } from "../../server/db/client";
import { staticResolver } from "../../server/net/resolver";
import type { Kick } from "../../server/queue/scheduler";
import { settableClock } from "../../server/runtime/clock";
import { startSmtpListeners } from "../../server/smtp/listeners";
import type { SmtpDeps } from "../../server/smtp/smtp-deps";
import { cachedAddressOwners } from "../../server/store/address-owner";
import { loadTlsCredentials } from "../../server/tls/credentials";
import { quietLogger } from "./env";
import { createMetrics } from "../../server/metrics/metrics";

export type TestSmtp = {
  ports: { smtp: number; submission: number; submissions: number };
  // The self-signed certificate the listeners use, for clients to trust.
  ca: string;
  deps: SmtpDeps & { clock: ReturnType<typeof settableClock> };
  deliveryKicks: Kick[];
  incomingKicks: bigint[];
  close: () => Promise<void>;
};

// env: further settings for the listeners, such as MAILROOM_SMTP_IDLE_TIMEOUT_SECONDS.
export async function startTestSmtp(db: Db, { env, ...overrides }: Partial<SmtpDeps> & { maxMessageSize?: number; env?: Record<string, string> } = {}): Promise<TestSmtp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "mailroom-smtp-"));
  const config = loadConfig({
    ...env,
    MAILROOM_HOSTNAME: "mx.test",
    MAILROOM_LISTEN: "127.0.0.1",
    MAILROOM_SMTP_PORT: "0",
    MAILROOM_SUBMISSION_PORT: "0",
    MAILROOM_SUBMISSIONS_PORT: "0",
    MAILROOM_DATA_DIR: dataDir,
    MAILROOM_MAX_MESSAGE_SIZE: String(overrides.maxMessageSize ?? 1 << 20),
  });
  const deliveryKicks: Kick[] = [];
  const incomingKicks: bigint[] = [];
  const deps = {
    db,
    logger: quietLogger(),
    clock: settableClock(new Date()),
    hostname: config.hostname,
    maxMessageSize: config.maxMessageSize,
    resolver: staticResolver({}),
    localserve: false,
    authenticator: new Authenticator(db),
    metrics: createMetrics(),
    findAddressOwner: cachedAddressOwners(db),
    kickDelivery: async (kicks: Kick[]) => void deliveryKicks.push(...kicks),
    incoming: { kick: async (ids: bigint[]) => void incomingKicks.push(...ids) },
    ...overrides,
  } as TestSmtp["deps"];
  const bound = await startSmtpListeners(config, deps);
  const { cert } = await loadTlsCredentials({ dataDir, hostname: config.hostname });
  const [smtp, submission, submissions] = bound.map((b) => b.port) as [number, number, number];
  return {
    ports: { smtp, submission, submissions },
    ca: cert,
    deps,
    deliveryKicks,
    incomingKicks,
    close: async () => {
      await Promise.all(bound.map((b) => b.close()));
    },
  };
}

export type ClientOptions = { port: number; ca?: string; secure?: boolean; auth?: { user: string; pass: string }; ignoreTLS?: boolean; localAddress?: string };

// nodemailer as the client; it speaks STARTTLS whenever offered unless ignoreTLS.
export function smtpClient(o: ClientOptions) {
  return createTransport({
    host: "127.0.0.1",
    port: o.port,
    secure: o.secure ?? false,
    ignoreTLS: o.ignoreTLS ?? false,
    auth: o.auth,
    name: "client.test",
    localAddress: o.localAddress,
    tls: { ca: o.ca, servername: "mx.test" },
    connectionTimeout: 5000,
    greetingTimeout: 5000,
  } as Parameters<typeof createTransport>[0]);
}

// A plain-text SMTP conversation: reads the greeting, then sends each command and collects its whole reply
// (all lines of a multi-line reply, joined by "\n"). Stops early when the server closes the connection.
export async function converse(port: number, commands: string[], localAddress?: string): Promise<string[]> {
  const socket = connect({ host: "127.0.0.1", port, localAddress });
  let buffered = "";
  let closed = false;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  socket.on("data", (d: Buffer) => {
    buffered += d.toString("latin1");
    wake();
  });
  socket.on("close", () => {
    closed = true;
    wake();
  });
  socket.on("error", () => undefined);
  const reply = async (): Promise<string | null> => {
    for (;;) {
      const m = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffered);
      if (m) {
        const end = m.index + m[0].length;
        const text = buffered.slice(0, end).replace(/^\r\n/, "").trimEnd().split("\r\n").join("\n");
        buffered = buffered.slice(end);
        return text;
      }
      if (closed) return null;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const replies: string[] = [];
  await reply();
  for (const command of commands) {
    socket.write(`${command}\r\n`);
    const r = await reply();
    if (r === null) break;
    replies.push(r);
  }
  socket.destroy();
  return replies;
}
