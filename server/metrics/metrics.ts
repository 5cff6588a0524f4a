// The Prometheus metrics of one process: one registry, made at start and handed to the code that counts
// through its deps. Names are mox's where we measure the same thing (so its dashboards and alerts apply), and
// mailroom_* where we measure something mox does not. Counting is an increment of a child bound at start where
// the label values are a fixed few, and prom-client's own lookup where they vary (method, reply code).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// mox's buckets for HTTP calls (webapi, webhooks) and for SMTP commands.
const HTTP_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 20, 30];
const SMTP_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 20, 30, 60, 120];

// Where a password was checked, with mox's names for the surfaces (mox_authentication_total's kind).
export type AuthKind = "webapi" | "submission" | "webaccount" | "webadmin";
export type AuthResult = "ok" | "badcreds" | "logindisabled";
const authResult = (o: { ok: boolean; reason?: string }): AuthResult => (o.ok ? "ok" : o.reason === "loginDisabled" ? "logindisabled" : "badcreds");
const AUTH_KINDS: AuthKind[] = ["webapi", "submission", "webaccount", "webadmin"];

// The SMTP listeners; mox's kind is "deliver" for incoming mail and "submit" for submission.
export type SmtpListener = "smtp" | "submission" | "submissions";
export type SmtpKind = "deliver" | "submit";
export const smtpKindOf = (listener: SmtpListener): SmtpKind => (listener === "smtp" ? "deliver" : "submit");
const SMTP_LISTENERS: SmtpListener[] = ["smtp", "submission", "submissions"];
export type SmtpMessageResult = "accepted" | "refused" | "deferred";

// A delivery attempt's result for one recipient by the class of its SMTP reply; "error" when no reply decided
// it (connection refused, timeout, TLS required but missing).
export type DeliveryClass = "2xx" | "4xx" | "5xx" | "error";

const byKey = <K extends string, V>(keys: readonly K[], make: (key: K) => V) => Object.fromEntries(keys.map((k) => [k, make(k)])) as Record<K, V>;

export type Metrics = ReturnType<typeof createMetrics>;

// processMetrics: Node's own (CPU, memory, event loop lag, GC) as prom-client collects them, for a process's
// registry; tests that make many registries leave them out.
export function createMetrics(options: { processMetrics?: boolean } = {}) {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const webapiResults = new Counter({ name: "mox_webapi_results_total", help: "Webapi calls by method and result: ok, badauth, ratelimited, or the error code answered.", labelNames: ["method", "result"], registers });
  const webapiDuration = new Histogram({ name: "mox_webapi_duration_seconds", help: "Webapi call duration, from receiving the request to the end of the answer, in seconds.", labelNames: ["method"], buckets: HTTP_BUCKETS, registers });

  const auth = new Counter({ name: "mox_authentication_total", help: "Password checks by surface (kind), mechanism (variant) and result: ok, badcreds, logindisabled.", labelNames: ["kind", "variant", "result"], registers });
  const authLimited = new Counter({ name: "mox_authentication_ratelimited_total", help: "Logins refused before their password was checked because the client's network had too many failures.", labelNames: ["kind"], registers });
  const authLimitedBy = byKey(AUTH_KINDS, (kind) => authLimited.labels(kind));

  const smtpConnections = new Counter({ name: "mox_smtpserver_connection_total", help: "Incoming SMTP connections by kind (deliver or submit) and listener.", labelNames: ["kind", "listener"], registers });
  const smtpOpen = new Gauge({ name: "mox_connections_count", help: "Open connections, per protocol and listener.", labelNames: ["protocol", "listener"], registers });
  const smtpRefused = new Counter({ name: "mailroom_smtpserver_connections_refused_total", help: "SMTP connections refused with 421 because the client's address had too many open connections.", labelNames: ["listener"], registers });
  const smtpCommands = new Histogram({ name: "mox_smtpserver_command_duration_seconds", help: "SMTP command (auth, mail, rcpt, data) duration in seconds, by kind, command, reply code and enhanced code.", labelNames: ["kind", "cmd", "code", "ecode"], buckets: SMTP_BUCKETS, registers });
  const smtpMessages = new Counter({ name: "mailroom_smtpserver_messages_total", help: "Messages at the end of SMTP DATA by kind and result: accepted (250), deferred (4xx) or refused (5xx).", labelNames: ["kind", "result"], registers });
  const perListener = byKey(SMTP_LISTENERS, (listener) => ({
    connected: smtpConnections.labels(smtpKindOf(listener), listener),
    open: smtpOpen.labels("smtp", listener),
    refused: smtpRefused.labels(listener),
  }));
  const messageResults: SmtpMessageResult[] = ["accepted", "refused", "deferred"];
  const messagesBy = byKey(["deliver", "submit"] as const, (kind) => byKey(messageResults, (result) => smtpMessages.labels(kind, result)));

  const deliveries = new Counter({ name: "mailroom_queue_delivery_results_total", help: "Delivery attempts of outgoing messages, one per recipient, by the class of the SMTP reply: 2xx, 4xx, 5xx, or error (no reply decided it).", labelNames: ["class"], registers });
  const deliveriesBy = byKey(["2xx", "4xx", "5xx", "error"] as const, (c) => deliveries.labels(c));
  const deliveryDuration = new Histogram({ name: "mailroom_queue_delivery_duration_seconds", help: "Duration of one delivery attempt of a batch of recipients on one domain (one SMTP transaction, or a local delivery), in seconds.", buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 20, 30, 60, 120], registers });

  const hookDuration = new Histogram({ name: "mox_webhook_request_duration_seconds", help: "Webhook HTTP request duration, from connecting to the end of the response, in seconds.", buckets: HTTP_BUCKETS, registers });
  const hookResults = new Counter({ name: "mox_webhook_results_total", help: "Webhook HTTP request results: the status code (200 is success), <major>xx for an unknown one, or error (no response).", labelNames: ["code"], registers });

  return {
    registry,
    webapiCall(method: string, result: string, seconds: number): void {
      webapiResults.labels(method, result).inc();
      webapiDuration.labels(method).observe(seconds);
    },
    // A login's outcome as the authenticator gives it: refused by the limiter before any check, or checked.
    login(kind: AuthKind, variant: string, outcome: { ok: boolean; reason?: string }): void {
      if (outcome.reason === "rateLimited") return authLimitedBy[kind].inc();
      auth.labels(kind, variant, authResult(outcome)).inc();
    },
    // Returns the call to make when the connection closes.
    smtpConnected(listener: SmtpListener): () => void {
      const l = perListener[listener];
      l.connected.inc();
      l.open.inc();
      return () => l.open.dec();
    },
    smtpRefused(listener: SmtpListener): void {
      perListener[listener].refused.inc();
    },
    smtpCommand(kind: SmtpKind, cmd: string, code: number, ecode: string, seconds: number): void {
      smtpCommands.labels(kind, cmd, String(code), ecode).observe(seconds);
    },
    smtpMessage(kind: SmtpKind, result: SmtpMessageResult): void {
      messagesBy[kind][result].inc();
    },
    deliveryAttempt(seconds: number): void {
      deliveryDuration.observe(seconds);
    },
    deliveryResult(result: DeliveryClass): void {
      deliveriesBy[result].inc();
    },
    webhookRequest(code: string, seconds: number): void {
      hookDuration.observe(seconds);
      hookResults.labels(code).inc();
    },
  };
}
