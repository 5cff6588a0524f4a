// tRPC over HTTP at /api/trpc, served by the web process ahead of Next.js. Cross-site requests are refused
// before any procedure runs: a POST must come from our own origin (Origin or Sec-Fetch-Site), on top of the
// SameSite=Strict session cookies and the per-session CSRF token that mutations carry.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { WebDeps } from "./web-deps";
import { cookieSetter, parseCookies } from "./context";
import { appRouter } from "./router";

export const TRPC_PATH = "/api/trpc";

export function createTrpcHandler(deps: WebDeps, opts: { remoteIp: (req: IncomingMessage) => string | null; secure: (req: IncomingMessage) => boolean }) {
  const log = deps.logger.child({ component: "trpc" });
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PATH}/`,
    createContext: ({ req, res }) => ({
      deps,
      ip: opts.remoteIp(req) ?? "",
      cookies: parseCookies(req.headers.cookie),
      csrfToken: header(req, "x-csrf-token"),
      setCookie: cookieSetter(res, opts.secure(req)),
    }),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error.cause ?? error, path }, "procedure failed");
    },
  });

  return (req: IncomingMessage, res: ServerResponse): Promise<void> | null => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path !== TRPC_PATH && !path.startsWith(`${TRPC_PATH}/`)) return null;
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
    if (req.method !== "GET" && !sameOrigin(req)) {
      res.writeHead(403, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { message: "cross-site request refused", code: "FORBIDDEN" } }));
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      res.once("close", resolve);
      res.once("finish", resolve);
      handler(req, res);
    });
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

// Browsers send Sec-Fetch-Site and Origin on every cross-origin POST. A request with neither is not from a
// browser page (curl, tests) and carries no ambient cookie risk beyond what the CSRF token covers.
function sameOrigin(req: IncomingMessage): boolean {
  const site = header(req, "sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = header(req, "origin");
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
