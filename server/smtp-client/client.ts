// The SMTP client for outgoing delivery (spec 3.2, 10). A session is one connection, set up once (dial directly
// or through SOCKS5, greeting, EHLO, TLS, AUTH) and then used for as many transactions as the caller has
// messages. Results are per recipient, with error texts in mox's style: "<cause>, permanent|transient[: <reply>]".
// nodemailer's SMTPConnection speaks the protocol; this module adds the dialing, the TLS policy, the choice of
// mechanism, recipient limits and retries, and the classification of replies.
import type net from "node:net";
import { Readable } from "node:stream";
import tls from "node:tls";
import SMTPConnection, { type Envelope, type SentMessageInfo, type SMTPError } from "nodemailer/lib/smtp-connection";
import { AppError, errorText } from "../errors";
import { scramAuthHandlers, SCRAM_MECHANISMS } from "./sasl-scram";
import { dialSocks, dialTcp } from "./socks";

export type SmtpTls = "implicit" | "starttls" | "opportunistic" | "none";

export type SmtpConnectOptions = {
  host: string;
  ip?: string;
  port: number;
  tls: SmtpTls;
  verifyTls: boolean;
  ca?: string | Buffer;
  localHostname: string;
  auth?: { username: string; password: string; mechanisms: string[] };
  socks?: { host: string; port: number };
  timeouts?: { dialMs?: number; sessionMs?: number; dataBaseMs?: number };
};

export type SmtpTransaction = {
  from: string;
  recipients: string[];
  message: Buffer[];
  has8bit: boolean;
  smtputf8: boolean;
  requireTls: boolean;
};

export type RecipientOutcome = {
  recipient: string;
  ok: boolean;
  permanent: boolean;
  code: number;
  secode: string;
  error: string;
  lines: string[];
};

export type SmtpSession = {
  readonly tls: boolean;
  readonly tlsVerified: boolean;
  readonly extensions: string[];
  readonly rcptMax: number | null;
  // The connection is gone (server closed it, timeout, fatal error): send() would only report failures.
  readonly closed: boolean;
  send(tx: SmtpTransaction): Promise<RecipientOutcome[]>;
  close(): Promise<void>;
};

// Why a session or a recipient failed. code, secode and lines come from the deciding reply; code is 0 when
// there was none (dial error, timeout, TLS), except for the explicit local refusals such as 554 5.7.30.
export type SmtpFailure = { cause: string; permanent: boolean; code: number; secode: string; lines: string[] };

// Where opening a session failed; "tls" failures of an opportunistic session are retried in plaintext.
export type SmtpFailureStage = "dial" | "session" | "tls" | "auth";

export class SmtpClientError extends AppError<"smtp"> {
  readonly permanent: boolean;
  readonly smtpCode: number;
  readonly secode: string;
  readonly lines: string[];

  constructor(
    readonly stage: SmtpFailureStage,
    failure: SmtpFailure,
  ) {
    super("smtp", failureText(failure));
    this.name = "SmtpClientError";
    this.permanent = failure.permanent;
    this.smtpCode = failure.code;
    this.secode = failure.secode;
    this.lines = failure.lines;
  }
}

const MiB = 1024 * 1024;
const DEFAULT_DIAL_MS = 30_000;
const DEFAULT_SESSION_MS = 60_000;
const DEFAULT_DATA_BASE_MS = 60_000;
// A server that does not answer QUIT gets no more of our time than this.
const QUIT_WAIT_MS = 5_000;
const SUPPORTED_MECHANISMS = new Set(["PLAIN", "LOGIN", "CRAM-MD5", ...Object.keys(SCRAM_MECHANISMS)]);

export async function openSmtpSession(opts: SmtpConnectOptions): Promise<SmtpSession> {
  try {
    return await openSession(opts, opts.tls);
  } catch (err) {
    // Opportunistic TLS must not make mail undeliverable: a failed STARTTLS gets one plaintext connection.
    if (opts.tls === "opportunistic" && err instanceof SmtpClientError && err.stage === "tls") return openSession(opts, "none");
    throw err;
  }
}

// ---- replies and failures ----

type Reply = { code: number; secode: string; lines: string[] };

export function parseReply(response: string): Reply {
  const lines = response.split(/\r?\n/).filter((line) => line !== "");
  const m = /^([2-5])(\d\d)(?:[ -]([2-5])\.(\d{1,3}\.\d{1,3})(?=\s|$))?/.exec(lines[0] ?? "");
  if (!m) return { code: 0, secode: "", lines };
  // An enhanced code only counts when its class matches the reply's (RFC 3463).
  return { code: Number(m[1]! + m[2]!), secode: m[3] === m[1] ? m[4]! : "", lines };
}

function failureText(f: SmtpFailure): string {
  return `${f.cause}, ${f.permanent ? "permanent" : "transient"}${f.lines[0] ? `: ${f.lines[0]}` : ""}`;
}

function replyFailure(cause: string, reply: Reply): SmtpFailure {
  return { cause, permanent: reply.code >= 500, ...reply };
}

function localFailure(cause: string, permanent: boolean, code = 0, secode = ""): SmtpFailure {
  return { cause, permanent, code, secode, lines: [] };
}

function failed(recipient: string, f: SmtpFailure): RecipientOutcome {
  return { recipient, ok: false, permanent: f.permanent, code: f.code, secode: f.secode, error: failureText(f), lines: f.lines };
}

function delivered(recipient: string, reply: Reply): RecipientOutcome {
  return { recipient, ok: true, permanent: false, ...reply, error: "" };
}

// Turns what nodemailer reports into a failure: by the reply when the server gave one, else by what went wrong.
function describeError(err: SMTPError, host: string): SmtpFailure {
  const reply = err.response ? parseReply(err.response) : null;
  if (reply && reply.code >= 400) return replyFailure(replyCause(err, reply), reply);
  return localFailure(localCause(err, host), false);
}

function replyCause(err: SMTPError, reply: Reply): string {
  const command = err.command ?? "";
  if (command === "MAIL FROM") return "remote smtp server rejected sender";
  if (command === "RCPT TO") return "remote smtp server rejected recipient";
  if (command === "DATA") return err.code === "EMESSAGE" ? "remote smtp server rejected message" : "remote smtp server rejected DATA command";
  if (command === "EHLO" || command === "HELO") return "remote smtp server rejected EHLO";
  if (command === "STARTTLS") return "remote smtp server rejected STARTTLS";
  if (command.startsWith("AUTH")) return "remote smtp server rejected authentication";
  if (command === "RSET") return "remote smtp server rejected RSET";
  if (err.message.startsWith("Invalid greeting")) return "remote smtp server refused connection";
  if (reply.code === 421) return "remote smtp server is closing the connection";
  return "unexpected reply from remote smtp server";
}

const TIMEOUTS: Record<string, string> = {
  CONNECT_TIMEOUT: "timeout setting up smtp session",
  GREETING_TIMEOUT: "timeout waiting for smtp greeting",
  UPGRADE_TIMEOUT: "timeout during tls handshake",
  SOCKET_TIMEOUT: "timeout waiting for remote smtp server",
};

function localCause(err: SMTPError, host: string): string {
  const detail = withoutResponse(err);
  switch (err.code) {
    case "ETIMEDOUT":
      return TIMEOUTS[err.timeoutType ?? ""] ?? `timeout: ${detail}`;
    case "ECONNECTION":
      return "connection to remote smtp server closed";
    case "ESOCKET":
      return `connection error with ${host}: ${err.originalCode && /^E[A-Z]+$/.test(err.originalCode) ? err.originalCode : detail}`;
    case "EAUTH":
      return `authentication failed: ${detail}`;
    case "ETLS":
      return `tls with ${host}: ${detail}`;
    default:
      return detail;
  }
}

// nodemailer appends the server's response to its messages; the failure text adds it in its own place.
function withoutResponse(err: SMTPError): string {
  return err.response && err.message.endsWith(`: ${err.response}`) ? err.message.slice(0, -(err.response.length + 2)) : err.message;
}

// ---- nodemailer internals, kept in one place ----

type NodemailerInternals = {
  _sendCommand(line: string, logLine?: string): void;
  // Holds the RCPT rejections, which nodemailer leaves off the error when DATA fails afterwards.
  _envelope?: { rejectedErrors?: SMTPError[] } | false;
};

const nodemailerSendCommand = (SMTPConnection.prototype as unknown as NodemailerInternals)._sendCommand;

class Connection extends SMTPConnection {
  smtputf8 = false;

  // nodemailer adds SMTPUTF8 to MAIL FROM only for non-ASCII addresses; RFC 6531 wants it whenever the message
  // needs it (UTF-8 in headers too), so the transaction says so.
  _sendCommand(line: string, logLine?: string): void {
    const add = this.smtputf8 && /^MAIL FROM:/i.test(line) && !/ SMTPUTF8(?= |$)/i.test(line);
    nodemailerSendCommand.call(this, add ? `${line} SMTPUTF8` : line, logLine);
  }

  rcptRejections(): SMTPError[] {
    const envelope = (this as unknown as NodemailerInternals)._envelope;
    return (envelope && envelope.rejectedErrors) || [];
  }
}

// ---- opening a session ----

type Timeouts = { dialMs: number; sessionMs: number; dataBaseMs: number };

function timeouts(opts: SmtpConnectOptions): Timeouts {
  return {
    dialMs: opts.timeouts?.dialMs ?? DEFAULT_DIAL_MS,
    sessionMs: opts.timeouts?.sessionMs ?? DEFAULT_SESSION_MS,
    dataBaseMs: opts.timeouts?.dataBaseMs ?? DEFAULT_DATA_BASE_MS,
  };
}

async function openSession(opts: SmtpConnectOptions, mode: SmtpTls): Promise<SmtpSession> {
  const t = timeouts(opts);
  const socket = await dial(opts, t.dialMs);
  const conn = new Connection({
    host: opts.host,
    port: opts.port,
    name: opts.localHostname,
    connection: socket,
    secure: mode === "implicit",
    ignoreTLS: mode === "none",
    tls: tlsOptions(opts),
    connectionTimeout: t.sessionMs,
    greetingTimeout: t.sessionMs,
    // Idle limit while waiting for any reply; the message data has its own, longer deadline.
    socketTimeout: Math.max(t.sessionMs, t.dataBaseMs),
    logger: false,
    customAuth: scramAuthHandlers(),
  });
  const session = new Session(conn, opts.host, t.dataBaseMs);
  try {
    await withDeadline(setUp(session, conn, opts, mode), t.sessionMs, () => conn.close(), `timeout setting up smtp session after ${t.sessionMs} ms`);
    return session;
  } catch (err) {
    conn.close();
    throw asClientError(err, conn, opts.host);
  }
}

async function dial(opts: SmtpConnectOptions, timeoutMs: number): Promise<net.Socket> {
  const target = opts.ip || opts.host;
  try {
    const socket = opts.socks ? await dialSocks(opts.socks, { host: target, port: opts.port }, timeoutMs) : await dialTcp(target, opts.port, timeoutMs);
    // Commands and replies are small; without this each one can wait for a delayed ACK (20x slower on loopback).
    socket.setNoDelay(true);
    return socket;
  } catch (err) {
    const via = opts.socks ? ` through socks proxy ${hostPort(opts.socks.host, opts.socks.port)}` : "";
    throw new SmtpClientError("dial", localFailure(`dial ${hostPort(target, opts.port)}${via}: ${errorText(err)}`, false));
  }
}

function hostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function tlsOptions(opts: SmtpConnectOptions): tls.ConnectionOptions {
  // Node's ca option replaces the default roots; an extra CA must come on top of them.
  const ca = opts.ca ? [...tls.rootCertificates, opts.ca] : undefined;
  return { rejectUnauthorized: opts.verifyTls, ca };
}

async function setUp(session: Session, conn: Connection, opts: SmtpConnectOptions, mode: SmtpTls): Promise<void> {
  await connect(conn);
  if (mode === "starttls" && !conn.secure) throw new SmtpClientError("tls", localFailure(`${opts.host} does not offer STARTTLS`, false));
  const ehlo = parseEhlo(conn.lastServerResponse || "");
  session.established(conn.secure, conn.secure && opts.verifyTls, ehlo);
  if (!opts.auth) return;
  const mechanism = chooseMechanism(opts.auth.mechanisms, ehlo.mechanisms);
  if (mechanism) await login(conn, mechanism, opts.auth);
}

// The first wanted mechanism that we speak and the server announces; none means going on without AUTH.
export function chooseMechanism(wanted: string[], announced: Set<string>): string | undefined {
  return wanted.map((m) => m.toUpperCase()).find((m) => SUPPORTED_MECHANISMS.has(m) && announced.has(m));
}

function connect(conn: Connection): Promise<void> {
  return step(conn, (done) => conn.connect(done));
}

function login(conn: Connection, method: string, auth: NonNullable<SmtpConnectOptions["auth"]>): Promise<void> {
  return step(conn, (done) => conn.login({ method, user: auth.username, pass: auth.password }, done));
}

// Runs a setup step that reports through a callback. nodemailer skips that callback when the connection fails
// meanwhile and emits "error" or "end" instead, so those settle the step too.
export function step(conn: SMTPConnection, run: (done: (err?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => finish(err);
    const onEnd = () => finish(Object.assign(new Error("connection closed"), { code: "ECONNECTION" }));
    const finish = (err?: Error | null) => {
      conn.off("error", onError);
      conn.off("end", onEnd);
      if (err) reject(err);
      else resolve();
    };
    conn.once("error", onError);
    conn.once("end", onEnd);
    run(finish);
  });
}

function asClientError(err: unknown, conn: Connection, host: string): SmtpClientError {
  if (err instanceof SmtpClientError) return err;
  if (err instanceof DeadlineError) return new SmtpClientError("session", err.failure);
  if (!(err instanceof Error)) return new SmtpClientError("session", localFailure(String(err), false));
  const e = err as SMTPError;
  if (conn.upgrading || e.code === "ETLS") {
    const reply = e.response ? parseReply(e.response) : null;
    if (reply && reply.code >= 400) return new SmtpClientError("tls", replyFailure("remote smtp server rejected STARTTLS", reply));
    const reason = (err as { reason?: string }).reason ?? withoutResponse(e);
    return new SmtpClientError("tls", localFailure(`tls handshake with ${host}: ${reason}`, false));
  }
  const stage = e.code === "EAUTH" ? "auth" : "session";
  return new SmtpClientError(stage, describeError(e, host));
}

type Ehlo = { extensions: string[]; mechanisms: Set<string>; rcptMax: number | null; maxSize: number };

export function parseEhlo(response: string): Ehlo {
  const ehlo: Ehlo = { extensions: [], mechanisms: new Set(), rcptMax: null, maxSize: 0 };
  // The first line is the greeting part ("250-mx.example Hello"), not an extension.
  const lines = response.split(/\r?\n/).slice(1).map((l) => l.replace(/^\d{3}[ -]/, "").trim());
  for (const line of lines) {
    const keyword = line.split(/[\s=]/, 1)[0]!.toUpperCase();
    if (!keyword) continue;
    if (!ehlo.extensions.includes(keyword)) ehlo.extensions.push(keyword);
    const params = line.slice(keyword.length).trim();
    if (keyword === "AUTH") params.toUpperCase().split(/[\s=]+/).filter(Boolean).forEach((m) => ehlo.mechanisms.add(m));
    if (keyword === "SIZE") ehlo.maxSize = Number(params) || 0;
    if (keyword === "LIMITS") ehlo.rcptMax = Number(/(?:^|\s)RCPTMAX=(\d+)/i.exec(params)?.[1]) || null;
  }
  return ehlo;
}

class DeadlineError extends Error {
  constructor(readonly failure: SmtpFailure) {
    super(failure.cause);
  }
}

// Rejects with a DeadlineError after ms, calling onExpire first so the work stops too.
function withDeadline<T>(work: Promise<T>, ms: number, onExpire: () => void, cause = `timeout after ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onExpire();
      reject(new DeadlineError(localFailure(cause, false)));
    }, ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

// ---- the session ----

type Attempt = { outcome: RecipientOutcome; retry: boolean };

class Session implements SmtpSession {
  tls = false;
  tlsVerified = false;
  extensions: string[] = [];
  rcptMax: number | null = null;
  private maxSize = 0;
  private gone = false;
  private lastError: SMTPError | null = null;
  private readonly ended: Promise<void>;
  // Transactions and QUIT run one at a time; a caller may fire send() without waiting for the previous one.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly conn: Connection,
    private readonly host: string,
    private readonly dataBaseMs: number,
  ) {
    // Without a listener, an error event would throw; the error also reaches the command that was waiting.
    conn.on("error", (err: SMTPError) => {
      this.lastError = err;
    });
    this.ended = new Promise((resolve) =>
      conn.once("end", () => {
        this.gone = true;
        resolve();
      }),
    );
  }

  get closed(): boolean {
    return this.gone;
  }

  established(secure: boolean, verified: boolean, ehlo: Ehlo): void {
    this.tls = secure;
    this.tlsVerified = verified;
    this.extensions = ehlo.extensions;
    this.rcptMax = ehlo.rcptMax;
    this.maxSize = ehlo.maxSize;
  }

  send(tx: SmtpTransaction): Promise<RecipientOutcome[]> {
    const run = this.queue.then(() => this.deliver(tx));
    this.queue = run.catch(() => undefined);
    return run;
  }

  close(): Promise<void> {
    const run = this.queue.then(() => this.quit());
    this.queue = run;
    return run;
  }

  private async quit(): Promise<void> {
    if (this.closed) return;
    try {
      this.conn.quit();
      await withDeadline(this.ended, QUIT_WAIT_MS, () => this.conn.close());
    } catch {
      // QUIT is a courtesy; the connection is closed either way.
    }
  }

  private async deliver(tx: SmtpTransaction): Promise<RecipientOutcome[]> {
    const refusal = this.refusal(tx);
    if (refusal) return tx.recipients.map((r) => failed(r, refusal));
    const outcomes = new Map<number, RecipientOutcome>();
    let pending = tx.recipients.map((recipient, index) => ({ recipient, index }));
    while (pending.length > 0) {
      const batch = pending.slice(0, this.rcptMax ?? pending.length);
      const attempts = await this.transaction(tx, batch.map((p) => p.recipient));
      const again = batch.filter((p, i) => {
        const attempt = attempts[i]!;
        if (!attempt.retry) outcomes.set(p.index, attempt.outcome);
        return attempt.retry;
      });
      pending = [...again, ...pending.slice(batch.length)];
    }
    return tx.recipients.map((_, i) => outcomes.get(i)!);
  }

  // What this server cannot do for the message, known before any command is sent.
  private refusal(tx: SmtpTransaction): SmtpFailure | null {
    if (tx.smtputf8 && !this.extensions.includes("SMTPUTF8")) {
      return localFailure("remote smtp server does not support SMTPUTF8, required by message", true, 0, "6.7");
    }
    if (tx.requireTls && !this.tlsVerified) return localFailure("message requires verified tls (REQUIRETLS), connection is not", true, 554, "7.30");
    if (tx.requireTls && !this.extensions.includes("REQUIRETLS")) {
      return localFailure("remote smtp server does not support REQUIRETLS, required by message", true, 554, "7.30");
    }
    const size = messageSize(tx);
    if (this.maxSize > 0 && size > this.maxSize) {
      return localFailure(`message too large for remote smtp server (${size} > ${this.maxSize} bytes)`, true, 0, "3.4");
    }
    return null;
  }

  // One MAIL/RCPT/DATA transaction. Recipients the server deferred with 452 (or legacy 552) while it accepted
  // others hit a per-transaction limit and are marked for a next transaction.
  private async transaction(tx: SmtpTransaction, recipients: string[]): Promise<Attempt[]> {
    if (this.closed) {
      const lost = localFailure(this.lastError ? localCause(this.lastError, this.host) : "connection to remote smtp server closed", false);
      return recipients.map((r) => ({ outcome: failed(r, lost), retry: false }));
    }
    try {
      const info = await this.sendMail(tx, recipients);
      const rejections = byRecipient(info.rejectedErrors ?? []);
      const reply = parseReply(info.response);
      return recipients.map((r) => {
        const rejection = takeRejection(rejections, r);
        if (!rejection) return { outcome: delivered(r, reply), retry: false };
        return { outcome: failed(r, describeError(rejection, this.host)), retry: rejection.responseCode === 452 || rejection.responseCode === 552 };
      });
    } catch (caught) {
      const err = caught as SMTPError;
      const failure = caught instanceof DeadlineError ? caught.failure : describeError(err, this.host);
      // A refused sender decides for everyone, so RCPT replies count only when all were refused (they come
      // with the error) or when DATA failed after them (nodemailer leaves them on its envelope).
      const rejections = byRecipient(err.rejectedErrors ?? (err.command === "DATA" ? this.conn.rcptRejections() : []));
      await this.reset();
      return recipients.map((r) => {
        const rejection = takeRejection(rejections, r);
        return { outcome: failed(r, rejection ? describeError(rejection, this.host) : failure), retry: false };
      });
    }
  }

  private sendMail(tx: SmtpTransaction, recipients: string[]): Promise<SentMessageInfo> {
    const size = messageSize(tx);
    const envelope: Envelope = { from: tx.from, to: recipients, size, use8BitMime: tx.has8bit, requireTLSExtensionEnabled: tx.requireTls };
    const deadlineMs = this.dataBaseMs + Math.round((size / MiB) * 1000);
    this.conn.smtputf8 = tx.smtputf8;
    const sent = new Promise<SentMessageInfo>((resolve, reject) => {
      this.conn.send(envelope, Readable.from(tx.message, { objectMode: false }), (err, info) => (err ? reject(err) : resolve(info)));
    });
    return withDeadline(sent, deadlineMs, () => this.conn.close(), `timeout sending message after ${deadlineMs} ms`);
  }

  // Ends a failed transaction so the next one starts clean; a server that refuses RSET is not worth keeping.
  private async reset(): Promise<void> {
    if (this.closed) return;
    const reset = new Promise<void>((resolve) =>
      this.conn.reset((err) => {
        if (err) this.conn.close();
        resolve();
      }),
    );
    // A connection that dies during RSET never answers the callback.
    await Promise.race([reset, this.ended]);
  }
}

function messageSize(tx: SmtpTransaction): number {
  return tx.message.reduce((n, chunk) => n + chunk.length, 0);
}

type Rejections = Map<string, SMTPError[]>;

function byRecipient(errors: SMTPError[]): Rejections {
  const map: Rejections = new Map();
  for (const err of errors) {
    const key = err.recipient ?? "";
    map.set(key, [...(map.get(key) ?? []), err]);
  }
  return map;
}

function takeRejection(rejections: Rejections, recipient: string): SMTPError | undefined {
  // nodemailer reports the address as it sent it: trimmed.
  return rejections.get(recipient.trim())?.shift();
}
