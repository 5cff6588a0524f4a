// The tRPC handler on a loopback HTTP server, and a raw client that speaks tRPC's HTTP format itself, so
// tests see exactly what a browser (or an attacker's page) would send and get.
import superjson from "superjson";
import { setAdminPassword } from "../../server/auth/admin";
import type { Db } from "../../server/db/client";
import type { Resolver } from "../../server/net/resolver";
import { systemClock, type Clock } from "../../server/runtime/clock";
import { createTrpcHandler } from "../../server/trpc/http";
import { openWebDeps, type WebDeps } from "../../server/trpc/web-deps";
import { quietLogger } from "./env";
import { serveLoopback } from "./net";
import { createMetrics } from "../../server/metrics/metrics";

export type TrpcServer = { url: string; deps: WebDeps; close: () => Promise<void> };

export async function startTrpc(db: Db, opts: { clock?: Clock; resolver?: Resolver } = {}): Promise<TrpcServer> {
  const { deps, close: closeDeps } = await openWebDeps({ db, clock: opts.clock ?? systemClock, logger: quietLogger(), metrics: createMetrics(), hostname: "mail.test", resolver: opts.resolver });
  const handler = createTrpcHandler(deps, { remoteIp: (req) => String(req.headers["x-test-ip"] ?? "127.0.0.1"), secure: () => false });
  const server = await serveLoopback(handler);
  return {
    url: server.url,
    deps,
    close: async () => {
      await server.close();
      await closeDeps();
    },
  };
}

export type CallOptions = { cookie?: string; csrf?: string; origin?: string; secFetchSite?: string; ip?: string };
export type CallError = { message: string; code: string; fieldErrors?: Record<string, string[]> };
export type CallResult = { status: number; data?: unknown; error?: CallError; setCookie: string[] };

export async function trpcCall(base: string, path: string, type: "query" | "mutation", input: unknown, o: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (o.cookie) headers.cookie = o.cookie;
  if (o.csrf) headers["x-csrf-token"] = o.csrf;
  if (o.origin) headers.origin = o.origin;
  if (o.secFetchSite) headers["sec-fetch-site"] = o.secFetchSite;
  if (o.ip) headers["x-test-ip"] = o.ip;
  const encoded = JSON.stringify(superjson.serialize(input));
  const res =
    type === "query"
      ? await fetch(`${base}/api/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(`${base}/api/trpc/${path}`, { method: "POST", headers, body: encoded });
  const body = (await res.json()) as { result?: { data: { json: unknown; meta?: never } }; error?: unknown };
  const setCookie = res.headers.getSetCookie();
  if (body.result) return { status: res.status, data: superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]), setCookie };
  type Shape = { message: string; data: { code: string; fieldErrors?: Record<string, string[]> } };
  const err = body.error as { json?: Shape; message?: string; code?: string };
  const error = err.json ? { message: err.json.message, code: err.json.data.code, fieldErrors: err.json.data.fieldErrors } : { message: err.message ?? "", code: err.code ?? "" };
  return { status: res.status, error, setCookie };
}

export const cookieOf = (setCookie: string[]) => setCookie.map((c) => c.split(";")[0]!).join("; ");

export type SessionClient = {
  query: (path: string, input?: unknown) => Promise<CallResult>;
  mutate: (path: string, input?: unknown) => Promise<CallResult>;
  // Every response body this client has received, for tests that grep for secrets.
  responses: string[];
};

// A random address per client, so logins of one test file do not add up in the failed-auth limiter.
const randomIp = () => `10.99.${process.pid % 250}.${Math.floor(Math.random() * 250) + 1}`;

// Sets the admin password (use an isolated database: other tests rely on the shared one's) and logs in.
export async function adminClient(server: TrpcServer, ip = randomIp()): Promise<SessionClient> {
  const password = "admin-test-password";
  await setAdminPassword(server.deps.db, password);
  return loggedInClient(server, "admin", { password }, ip);
}

// Logs in to the account area as a user of an existing account.
export async function accountClient(server: TrpcServer, address: string, password: string, ip = randomIp()): Promise<SessionClient> {
  return loggedInClient(server, "account", { address, password }, ip);
}

async function loggedInClient(server: TrpcServer, area: "admin" | "account", credentials: object, ip: string): Promise<SessionClient> {
  const login = await trpcCall(server.url, `${area}.session.login`, "mutation", credentials, { ip });
  if (login.status !== 200) throw new Error(`${area} login failed: ${login.status} ${login.error?.message}`);
  const cookie = cookieOf(login.setCookie);
  const session = await trpcCall(server.url, `${area}.session.get`, "query", undefined, { cookie });
  const csrf = (session.data as { csrfToken: string }).csrfToken;
  const responses: string[] = [];
  const record = (r: CallResult) => {
    responses.push(JSON.stringify(r.data ?? r.error, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
    return r;
  };
  return {
    query: async (path, input) => record(await trpcCall(server.url, path, "query", input, { cookie })),
    mutate: async (path, input) => record(await trpcCall(server.url, path, "mutation", input, { cookie, csrf })),
    responses,
  };
}
