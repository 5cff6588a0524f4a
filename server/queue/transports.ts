// Named transports (spec 10): how a message leaves when routes or an admin pick something other than direct
// delivery. Settings are JSON in the Transport row, validated here whenever they are written or read.
// Only zod at runtime: the admin pages' forms validate with these same schemas in the browser.
import { z } from "zod";
import type { SqlClient } from "../db/client";

export const AUTH_MECHANISMS = ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"] as const;
// PLAIN and LOGIN send the password itself, so they are used only when listed.
export const DEFAULT_AUTH_MECHANISMS = ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-1", "CRAM-MD5"];

// The mechanisms a relay's credentials are tried with, in order: the configured ones, or the default list.
export const authMechanisms = (auth: { mechanisms: string[] }): string[] => (auth.mechanisms.length > 0 ? auth.mechanisms : DEFAULT_AUTH_MECHANISMS);

const auth = z.strictObject({
  username: z.string().min(1, "enter a username"),
  password: z.string(),
  mechanisms: z.array(z.enum(AUTH_MECHANISMS)).default([]),
});

const PORT_RANGE = "a port from 1 to 65535";

const relay = (defaultPort: number) =>
  z.strictObject({
    host: z.string().min(1, "enter a host name"),
    port: z.number({ error: "enter a port number" }).int(PORT_RANGE).min(1, PORT_RANGE).max(65535, PORT_RANGE).default(defaultPort),
    starttlsInsecureSkipVerify: z.boolean().default(false),
    noStarttls: z.boolean().default(false),
    auth: auth.optional(),
  });

const FAIL_CODE_RANGE = "an SMTP reply code from 400 to 599";

export const transportSettingsSchemas = {
  // Plain relay, typically without auth; STARTTLS when offered.
  smtp: relay(25),
  // STARTTLS required and verified, unless the options say otherwise.
  submission: relay(587),
  // Implicit TLS, certificate verified.
  submissions: relay(465),
  // Direct delivery through a SOCKS5 proxy, announcing remoteHostname in EHLO.
  socks: z.strictObject({
    address: z.string().regex(/^.+:\d+$/, "address is host:port"),
    remoteIps: z.array(z.union([z.ipv4(), z.ipv6()], { error: "IPv4 or IPv6 addresses" })).default([]),
    remoteHostname: z.string().min(1, "enter the host name to announce in EHLO"),
  }),
  direct: z.strictObject({ disableIpv4: z.boolean().default(false), disableIpv6: z.boolean().default(false) }),
  // Every attempt fails with this response; permanent when the code is 5xx.
  fail: z.strictObject({
    smtpCode: z.number({ error: "enter an SMTP code" }).int(FAIL_CODE_RANGE).min(400, FAIL_CODE_RANGE).max(599, FAIL_CODE_RANGE).default(554),
    smtpMessage: z.string().default(""),
  }),
} as const;

export type TransportKind = keyof typeof transportSettingsSchemas;

export type TransportSpec = {
  [K in TransportKind]: { name: string; kind: K; settings: z.infer<(typeof transportSettingsSchemas)[K]> };
}[TransportKind];
export type RelayTransport = Extract<TransportSpec, { kind: "smtp" | "submission" | "submissions" }>;

export function parseTransport(name: string, kind: string, settings: unknown): TransportSpec {
  const schema = transportSettingsSchemas[kind as TransportKind];
  if (!schema) throw new z.ZodError([{ code: "custom", path: ["kind"], message: `unknown transport kind ${JSON.stringify(kind)}`, input: kind }]);
  return { name, kind, settings: schema.parse(settings ?? {}) } as TransportSpec;
}

export async function findTransport(sql: SqlClient, name: string): Promise<TransportSpec | null> {
  const { rows } = await sql.query<{ kind: string; settings: unknown }>(`SELECT "kind", "settings" FROM "Transport" WHERE "name" = $1`, [name]);
  const row = rows[0];
  return row ? parseTransport(name, row.kind, row.settings) : null;
}
