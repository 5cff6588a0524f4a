// "Test connection" for a transport: one SMTP session that goes as far as a delivery would before its first
// MAIL FROM (greeting, EHLO, TLS with the transport's certificate policy, AUTH) and then says QUIT, reporting
// each step. It never sends a message. Kinds without one relay host to talk to are explained instead.
// The session is driven step by step here rather than through openSmtpSession, which hides the greeting and
// the mechanism it chose; dialing and SCRAM are the delivery client's own.
import type net from "node:net";
import tls from "node:tls";
import SMTPConnection, { type SMTPError } from "nodemailer/lib/smtp-connection";
import { errorText } from "../errors";
import { scramAuthHandlers } from "../smtp-client/sasl-scram";
import { chooseMechanism, parseEhlo, step } from "../smtp-client/client";
import { dialTcp } from "../smtp-client/socks";
import { relayTls } from "./transport-send";
import { authMechanisms, type RelayTransport, type TransportSpec } from "./transports";

export type ProbeStatus = "ok" | "failed" | "warning" | "skipped";
export type ProbeStep = { step: "connect" | "tls" | "greeting" | "ehlo" | "auth" | "quit"; status: ProbeStatus; detail: string };
export type TransportTestResult = {
  // The session got as far as a delivery needs.
  ok: boolean;
  summary: string;
  steps: ProbeStep[];
  greeting: string;
  // EHLO keywords with their parameters, as the server announced them (after STARTTLS when it was used).
  extensions: string[];
  authMechanism: string | null;
};
export type ProbeOptions = { hostname: string; ca?: string; timeoutMs?: number };

const TEST_TIMEOUT_MS = 10_000;
const QUIT_WAIT_MS = 2_000;

export async function testTransport(spec: TransportSpec, o: ProbeOptions): Promise<TransportTestResult> {
  switch (spec.kind) {
    case "smtp":
    case "submission":
    case "submissions":
      return probeRelay(spec, o);
    case "socks":
      return probeProxy(spec.settings.address, spec.settings.remoteHostname, o);
    case "direct": {
      const only = spec.settings.disableIpv4 ? " over IPv6 only" : spec.settings.disableIpv6 ? " over IPv4 only" : "";
      return explained(`Direct delivery looks up the MX hosts of each recipient's domain and connects to them${only} (MTA-STS applied, STARTTLS when offered). There is no single host to test.`);
    }
    case "fail": {
      const { smtpCode, smtpMessage } = spec.settings;
      const outcome = smtpCode >= 500 ? "fails permanently at once: the sender gets a DSN" : "fails temporarily: it is retried until the queue gives up";
      return explained(`Every attempt over this transport answers ${smtpCode}${smtpMessage ? ` "${smtpMessage}"` : ""} without contacting anything, so each message ${outcome}.`);
    }
  }
}

function explained(summary: string): TransportTestResult {
  return { ok: true, summary, steps: [], greeting: "", extensions: [], authMechanism: null };
}

// A SOCKS transport delivers to MX hosts like direct delivery does; what can be checked is that the proxy answers.
async function probeProxy(address: string, remoteHostname: string, o: ProbeOptions): Promise<TransportTestResult> {
  const i = address.lastIndexOf(":");
  const host = address.slice(0, i).replace(/^\[(.*)\]$/, "$1");
  const about = `Messages go by direct delivery (MX lookup per recipient domain) through this proxy, announcing ${remoteHostname} in EHLO; there is no single mail host to test.`;
  try {
    (await dialTcp(host, Number(address.slice(i + 1)), o.timeoutMs ?? TEST_TIMEOUT_MS)).destroy();
  } catch (err) {
    return { ...explained(`The proxy ${address} cannot be reached: ${errorText(err)}. ${about}`), ok: false, steps: [{ step: "connect", status: "failed", detail: errorText(err) }] };
  }
  return { ...explained(about), steps: [{ step: "connect", status: "ok", detail: `the proxy ${address} accepts connections` }] };
}

type TlsPolicy = { mode: "implicit" | "starttls" | "opportunistic" | "none"; verify: boolean };

// The same policy as delivery over the transport.
function tlsPolicy(t: RelayTransport): TlsPolicy {
  const { tls: mode, verifyTls: verify } = relayTls(t);
  return { mode, verify };
}

class Report {
  readonly steps: ProbeStep[] = [];
  greeting = "";
  extensions: string[] = [];
  authMechanism: string | null = null;

  add(step: ProbeStep["step"], status: ProbeStatus, detail: string): void {
    this.steps.push({ step, status, detail });
  }

  result(target: string): TransportTestResult {
    const failed = this.steps.find((s) => s.status === "failed");
    const warned = this.steps.find((s) => s.status === "warning");
    const summary = failed
      ? `${target}: ${failed.detail}`
      : `${target} answered${this.steps.some((s) => s.step === "tls" && s.status === "ok") ? " over TLS" : ""}${this.authMechanism ? ` and accepted the credentials (${this.authMechanism})` : ""}${warned ? `; but ${warned.detail}` : ""}. No message was sent.`;
    return { ok: !failed, summary, steps: this.steps, greeting: this.greeting, extensions: this.extensions, authMechanism: this.authMechanism };
  }
}

async function probeRelay(t: RelayTransport, o: ProbeOptions): Promise<TransportTestResult> {
  const { host, port } = t.settings;
  const target = host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
  const timeoutMs = o.timeoutMs ?? TEST_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const report = new Report();
  let socket: net.Socket;
  try {
    socket = await dialTcp(host, port, timeoutMs);
  } catch (err) {
    report.add("connect", "failed", `cannot connect: ${errorText(err)}`);
    return report.result(target);
  }
  report.add("connect", "ok", `connected to ${target}`);
  // One deadline for the whole test, dialing included.
  const remainingMs = Math.max(deadline - Date.now(), 1);
  const policy = tlsPolicy(t);
  const replies: string[] = [];
  const conn = new SMTPConnection({
    host,
    port,
    name: o.hostname,
    connection: socket,
    secure: policy.mode === "implicit",
    ignoreTLS: policy.mode === "none",
    requireTLS: policy.mode === "starttls",
    tls: { rejectUnauthorized: policy.verify, ca: o.ca ? [...tls.rootCertificates, o.ca] : undefined },
    connectionTimeout: remainingMs,
    greetingTimeout: remainingMs,
    socketTimeout: remainingMs,
    // The transaction log is how nodemailer hands out the server's replies (our commands are not kept).
    transactionLog: true,
    logger: replyCollector(replies),
    customAuth: scramAuthHandlers(),
  });
  conn.on("error", () => undefined);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    conn.close();
  }, remainingMs);
  try {
    const why = (err: unknown) => (timedOut ? `no answer within ${timeoutMs / 1000} s` : describe(err));
    await session(conn, t, policy, replies, report, why);
  } finally {
    clearTimeout(timer);
    conn.close();
  }
  return report.result(target);
}

type Why = (err: unknown) => string;

async function session(conn: SMTPConnection, t: RelayTransport, policy: TlsPolicy, replies: string[], report: Report, why: Why): Promise<void> {
  try {
    await step(conn, (done) => conn.connect(done));
  } catch (err) {
    const tlsFailed = (err as SMTPError).code === "ETLS" || conn.upgrading;
    if (policy.mode === "implicit" && tlsFailed) return report.add("tls", "failed", `TLS handshake failed: ${why(err)}`);
    if (replies.length === 0) return report.add("greeting", "failed", `no greeting: ${why(err)}`);
    report.add("greeting", "ok", replies[0]!);
    if (tlsFailed) return report.add("tls", policy.mode === "opportunistic" ? "warning" : "failed", starttlsFailure(policy, why(err)));
    return report.add("ehlo", "failed", `EHLO refused: ${why(err)}`);
  }
  report.greeting = replies[0] ?? "";
  if (policy.mode === "implicit") report.add("tls", "ok", `implicit TLS, ${certificate(policy)}`);
  report.add("greeting", "ok", report.greeting);
  if (policy.mode !== "implicit") report.add("tls", ...starttlsOutcome(policy, conn.secure));
  report.extensions = ehloLines(conn.lastServerResponse || "");
  report.add("ehlo", "ok", `${report.extensions.length} extensions announced`);
  await authenticate(conn, t, report, why);
  await quit(conn, replies, report);
}

function certificate(policy: TlsPolicy): string {
  return policy.verify ? "certificate verified" : "certificate not verified (the transport skips verification)";
}

function starttlsOutcome(policy: TlsPolicy, secure: boolean): [ProbeStatus, string] {
  if (policy.mode === "none") return ["skipped", "STARTTLS disabled by the transport's settings: mail and credentials go in plaintext"];
  if (secure) return ["ok", `STARTTLS done, ${policy.mode === "opportunistic" ? "certificate not checked (a plain relay takes TLS when offered)" : certificate(policy)}`];
  return ["warning", "the server does not offer STARTTLS: mail goes in plaintext"];
}

function starttlsFailure(policy: TlsPolicy, reason: string): string {
  const fallback = policy.mode === "opportunistic" ? "; delivery would retry without TLS" : "";
  return `STARTTLS failed: ${reason}${fallback}`;
}

// The first configured mechanism the server announces, as delivery chooses it; none in common means delivery
// goes on without authenticating.
async function authenticate(conn: SMTPConnection, t: RelayTransport, report: Report, why: Why): Promise<void> {
  const auth = t.settings.auth;
  if (!auth) return report.add("auth", "skipped", "no credentials configured");
  const announced = parseEhlo(conn.lastServerResponse || "").mechanisms;
  const wanted = authMechanisms(auth);
  const mechanism = chooseMechanism(wanted, announced);
  if (!mechanism) {
    const offered = announced.size > 0 ? `offers ${[...announced].join(" ")}` : "offers no AUTH";
    return report.add("auth", "warning", `the server ${offered}, none of ${wanted.join(" ")}: delivery would not authenticate`);
  }
  try {
    await step(conn, (done) => conn.login({ method: mechanism, user: auth.username, pass: auth.password }, done));
    report.authMechanism = mechanism;
    report.add("auth", "ok", `${mechanism} as ${auth.username}: accepted`);
  } catch (err) {
    report.add("auth", "failed", `${mechanism} as ${auth.username}: refused: ${why(err)}`);
  }
}

async function quit(conn: SMTPConnection, replies: string[], report: Report): Promise<void> {
  const seen = replies.length;
  const ended = new Promise<void>((resolve) => {
    conn.once("end", resolve);
    setTimeout(resolve, QUIT_WAIT_MS).unref();
  });
  conn.quit();
  await ended;
  report.add("quit", "ok", replies[seen] ?? "connection closed");
}

function ehloLines(response: string): string[] {
  return response
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.replace(/^\d{3}[ -]/, "").trim())
    .filter(Boolean);
}


function describe(err: unknown): string {
  const e = err as SMTPError;
  const reason = (e.message ?? String(err)).replace(/^Error initiating TLS - /, "");
  return e.response && !reason.includes(e.response) ? `${reason}: ${e.response}` : reason;
}

// Server replies from nodemailer's transaction log; everything else it logs is dropped.
function replyCollector(replies: string[]) {
  const ignore = () => undefined;
  return {
    level: ignore,
    trace: ignore,
    info: ignore,
    warn: ignore,
    error: ignore,
    fatal: ignore,
    debug: (entry: { tnx?: string }, message: string) => {
      if (entry?.tnx === "server") replies.push(message);
    },
  };
}

