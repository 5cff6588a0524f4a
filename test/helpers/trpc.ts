// The tRPC handler on a loopback HTTP server, and a raw client that speaks tRPC's HTTP format itself, so
// tests see exactly what a browser (or an attacker's page) would send and get.
import superjson from "superjson";
import type { Db } from "../../server/db/client";
import { systemClock, type Clock } from "../../server/runtime/clock";
import { createTrpcHandler } from "../../server/trpc/http";
import { openWebDeps, type WebDeps } from "../../server/trpc/web-deps";
import { quietLogger } from "./env";
import { serveLoopback } from "./net";

export type TrpcServer = { url: string; deps: WebDeps; close: () => Promise<void> };

export async function startTrpc(db: Db, opts: { clock?: Clock } = {}): Promise<TrpcServer> {
  const { deps, close: closeDeps } = await openWebDeps({ db, clock: opts.clock ?? systemClock, logger: quietLogger(), hostname: "mail.test" });
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
export type CallResult = { status: number; data?: unknown; error?: { message: string; code: string }; setCookie: string[] };

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
  const body = (await res.json()) as { result?: { data: { json: unknown; meta?: never } }; error?: { json: { message: string; data: { code: string } } } };
  const setCookie = res.headers.getSetCookie();
  if (body.result) return { status: res.status, data: superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]), setCookie };
  const err = body.error as unknown as { json?: { message: string; data: { code: string } }; message?: string; code?: string };
  return { status: res.status, error: err.json ? { message: err.json.message, code: err.json.data.code } : { message: err.message ?? "", code: err.code ?? "" }, setCookie };
}

export const cookieOf = (setCookie: string[]) => setCookie.map((c) => c.split(";")[0]!).join("; ");
