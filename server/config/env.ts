// Configuration comes from the environment, validated once here. Everything else receives a Config.
import path from "node:path";
import { z } from "zod";
import { StartupError } from "../errors";

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  // A DNS name in ASCII (xn-- for internationalised names): it is the EHLO name and the certificate's name.
  MAILROOM_HOSTNAME: z
    .string()
    .trim()
    .regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, "a host name such as mail.example.com")
    .default("localhost"),
  MAILROOM_LISTEN: z
    .string()
    .default("127.0.0.1,::1")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.union([z.ipv4(), z.ipv6()])).min(1)),
  MAILROOM_WEB_PORT: port(1080),
  MAILROOM_SMTP_PORT: port(1025),
  MAILROOM_SUBMISSION_PORT: port(1587),
  MAILROOM_SUBMISSIONS_PORT: port(1465),
  // Unset: no metrics listener in production; localserve listens on 1081, as mox localserve does.
  MAILROOM_METRICS_PORT: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number().int().min(0).max(65535).optional()),
  MAILROOM_TLS_CERT: z.string().trim().optional().transform((v) => v || undefined),
  MAILROOM_TLS_KEY: z.string().trim().optional().transform((v) => v || undefined),
  MAILROOM_DATA_DIR: z.string().trim().min(1).default(".data"),
  MAILROOM_DNS_RECORDS: z.string().trim().optional().transform((v) => v || undefined),
  MAILROOM_EMBEDDED_PG_PORT: port(15432),
  MAILROOM_PRIVATE_REDIS_PORT: port(16379),
  MAILROOM_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]+$/).default("mailroom"),
  MAILROOM_MAX_MESSAGE_SIZE: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  MAILROOM_TRUST_FORWARDED: z.enum(["true", "false", "1", "0", ""]).default("false").transform((v) => v === "true" || v === "1"),
  MAILROOM_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(10),
  MAILROOM_DELIVERY_PER_DOMAIN: z.coerce.number().int().min(1).max(100).default(1),
  MAILROOM_RECONCILE_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  MAILROOM_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(10),
  MAILROOM_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(60),
  MAILROOM_SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(1000),
  MAILROOM_SMTP_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
  MAILROOM_SMTP_MAX_RECIPIENTS: z.coerce.number().int().min(1).max(100_000).default(100),
  MAILROOM_SMTP_IDLE_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(300),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = {
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  hostname: string;
  listen: string[];
  // metrics: the Prometheus endpoint's port; undefined: the process's default (off, or 1081 in localserve).
  ports: { web: number; smtp: number; submission: number; submissions: number; metrics: number | undefined; embeddedPostgres: number; privateRedis: number };
  // PEM files for STARTTLS and implicit TLS; unset, a self-signed certificate for the hostname is made in dataDir.
  tls: { certFile: string | undefined; keyFile: string | undefined };
  dataDir: string;
  // A JSON file of DNS records the admin pages' DNS check answers from instead of DNS (tests, offline trials).
  dnsRecordsFile: string | undefined;
  redisPrefix: string;
  // Largest message Send composes or SMTP accepts, in bytes.
  maxMessageSize: number;
  // Behind a reverse proxy: take the client IP from the first X-Forwarded-For entry.
  trustForwarded: boolean;
  // Outgoing delivery: concurrent delivery runs per worker process, deliveries per recipient domain at a time
  // across all workers, and how often due messages are turned into jobs again from the database.
  delivery: { concurrency: number; perDomain: number; reconcileMs: number };
  // Webhook calls: concurrent requests per worker process (one per URL at a time), and the limit per request.
  webhook: { concurrency: number; timeoutMs: number };
  // SMTP resource bounds: open connections per listening address and per client IP (an IPv6 client per /64,
  // counted across all SMTP listeners, as mox does), recipients per transaction, and how long a connection
  // may sit silent while it owes us a command or message data.
  smtp: { maxConnections: number; maxConnectionsPerIp: number; maxRecipients: number; idleTimeoutMs: number };
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") ?? "environment";
    throw new StartupError("config", `invalid ${name} (${issue?.message ?? "invalid"})`, `fix ${name} in the environment`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    hostname: e.MAILROOM_HOSTNAME.toLowerCase(),
    listen: e.MAILROOM_LISTEN,
    ports: {
      web: e.MAILROOM_WEB_PORT,
      smtp: e.MAILROOM_SMTP_PORT,
      submission: e.MAILROOM_SUBMISSION_PORT,
      submissions: e.MAILROOM_SUBMISSIONS_PORT,
      metrics: e.MAILROOM_METRICS_PORT,
      embeddedPostgres: e.MAILROOM_EMBEDDED_PG_PORT,
      privateRedis: e.MAILROOM_PRIVATE_REDIS_PORT,
    },
    tls: { certFile: e.MAILROOM_TLS_CERT, keyFile: e.MAILROOM_TLS_KEY },
    dataDir: path.resolve(e.MAILROOM_DATA_DIR),
    dnsRecordsFile: e.MAILROOM_DNS_RECORDS && path.resolve(e.MAILROOM_DNS_RECORDS),
    redisPrefix: e.MAILROOM_REDIS_PREFIX,
    maxMessageSize: e.MAILROOM_MAX_MESSAGE_SIZE,
    trustForwarded: e.MAILROOM_TRUST_FORWARDED,
    delivery: {
      concurrency: e.MAILROOM_DELIVERY_CONCURRENCY,
      perDomain: e.MAILROOM_DELIVERY_PER_DOMAIN,
      reconcileMs: Math.round(e.MAILROOM_RECONCILE_SECONDS * 1000),
    },
    webhook: { concurrency: e.MAILROOM_WEBHOOK_CONCURRENCY, timeoutMs: Math.round(e.MAILROOM_WEBHOOK_TIMEOUT_SECONDS * 1000) },
    smtp: {
      maxConnections: e.MAILROOM_SMTP_MAX_CONNECTIONS,
      maxConnectionsPerIp: e.MAILROOM_SMTP_MAX_CONNECTIONS_PER_IP,
      maxRecipients: e.MAILROOM_SMTP_MAX_RECIPIENTS,
      idleTimeoutMs: Math.round(e.MAILROOM_SMTP_IDLE_TIMEOUT_SECONDS * 1000),
    },
    logLevel: e.LOG_LEVEL,
  };
}
