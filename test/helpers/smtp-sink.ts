// Our own smtp-server instance on loopback playing a remote mail server: it records every transaction and can
// be told to answer MAIL FROM, RCPT TO or DATA with an error.
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import type { AddressInfo } from "node:net";

export type SinkTransaction = { from: string; rcpts: string[]; data: Buffer; user?: string; secure: boolean };
export type SinkReply = { code: number; message: string } | null;

export type SinkOptions = {
  rcpt?: (address: string, session: SMTPServerSession) => SinkReply;
  mail?: (address: string) => SinkReply;
  // Credentials accepted with AUTH; unset means AUTH is not offered.
  users?: Record<string, string>;
  authMethods?: string[];
  tls?: { key: string; cert: string };
  secure?: boolean;
  // Waits this long after receiving the data before answering it, like a slow remote.
  dataDelayMs?: number;
};

export type Sink = {
  port: number;
  transactions: SinkTransaction[];
  connections: number;
  close: () => Promise<void>;
};

const reply = (r: SinkReply): Error | null => (r ? Object.assign(new Error(r.message), { responseCode: r.code }) : null);

export async function startSink(opts: SinkOptions = {}): Promise<Sink> {
  const sink: Sink = { port: 0, transactions: [], connections: 0, close: async () => undefined };
  const options: SMTPServerOptions = {
    logger: false,
    disableReverseLookup: true,
    size: 50 * 1024 * 1024,
    secure: opts.secure ?? false,
    ...(opts.tls ?? {}),
    disabledCommands: [...(opts.tls ? [] : ["STARTTLS"]), ...(opts.users ? [] : ["AUTH"])],
    authMethods: opts.authMethods ?? ["PLAIN", "LOGIN", "CRAM-MD5"],
    authOptional: !opts.users,
    allowInsecureAuth: true,
    onConnect(_session, callback) {
      sink.connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      const password = opts.users?.[auth.username ?? ""];
      const ok = password !== undefined && (auth.method === "CRAM-MD5" ? auth.validatePassword(password) : auth.password === password);
      if (!ok) return callback(Object.assign(new Error("5.7.8 bad credentials"), { responseCode: 535 }));
      callback(null, { user: auth.username });
    },
    onMailFrom(address, _session, callback) {
      callback(reply(opts.mail?.(address.address) ?? null) ?? undefined);
    },
    onRcptTo(address, session, callback) {
      callback(reply(opts.rcpt?.(address.address, session) ?? null) ?? undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        sink.transactions.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          rcpts: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks),
          user: session.user as string | undefined,
          secure: session.secure,
        });
        if (opts.dataDelayMs) setTimeout(callback, opts.dataDelayMs);
        else callback();
      });
    },
  };
  const server = new SMTPServer(options);
  // A client killed mid-session resets its connection; that is the client's problem, not the sink's.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.close = () => new Promise((resolve) => server.close(() => resolve()));
  return sink;
}
