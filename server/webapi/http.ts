// HTTP handling of /webapi (spec 1.1-1.4): routing, authentication with the failed-auth limiter, request
// decoding, and the response and error encoding that mox clients expect. Served by the web process directly,
// ahead of Next.js: it needs the socket's peer address for rate limiting and should not pay for page routing.
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_KEY_REFUSED, checkKeyScope } from "../api-key/scopes";
import type { Authenticator } from "../auth/authenticate";
import type { Db } from "../db/client";
import { unstorableTextAt } from "./storable-text";
import { AppError, errorText } from "../errors";
import type { Logger } from "../log/logger";
import type { Metrics } from "../metrics/metrics";
import { sniffContentType } from "../message/sniff";
import { remoteIp } from "../net/remote-ip";
import { cachedAddressOwners } from "../store/address-owner";
import type { WebapiContext } from "./context";
import type { DeliveryScheduler, Kick } from "../queue/scheduler";
import { readWebapiForm } from "./form";
import { ReplayedAnswer } from "./idempotent-send";
import { describeIssues } from "./go-json";
import { findMethod, type Method } from "./methods";
import { openapiDocument } from "./openapi";
import { indexPage, methodPage } from "./pages";
import { API_CODES } from "./responses";

export type WebapiDeps = {
  db: Db;
  hostname: string;
  maxMessageSize: number;
  trustForwarded: boolean;
  logger: Logger;
  authenticator: Authenticator;
  metrics: Metrics;
  now?: () => Date;
  // Absent where nothing delivers (some tests): queued messages then wait for a worker's reconcile.
  scheduler?: DeliveryScheduler;
};

// Any other failure is reported as "server".
const KNOWN_CODES = new Set<string>(API_CODES);

const SECURITY_HEADERS = {
  "X-Frame-Options": "deny",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'self' 'unsafe-inline' data:",
  "Referrer-Policy": "same-origin",
};

const UNAUTHORIZED = "401 - unauthorized - use http basic auth with email address as username";

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  res.end(`${body}\n`);
}

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  jsonText(res, status, JSON.stringify(value));
}

function jsonText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(`${body}\n`);
}

const MOUNT = "/webapi";

// Returns null for requests outside /webapi, so the caller passes them on.
export function createWebapiHandler(deps: WebapiDeps) {
  const findAddressOwner = cachedAddressOwners(deps.db);
  const log = deps.logger.child({ component: "webapi" });
  const kick = (kicks: Kick[]) => {
    deps.scheduler?.kick(kicks).catch((err: unknown) => log.warn({ err: errorText(err) }, "could not ask for delivery; the worker's reconcile will find the message"));
  };

  return (req: IncomingMessage, res: ServerResponse): Promise<void> | null => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === MOUNT) {
      res.writeHead(301, { Location: `${MOUNT}/` });
      return Promise.resolve(void res.end());
    }
    return path.startsWith(`${MOUNT}/`) ? handle(req, res, path.slice(MOUNT.length)) : null;
  };

  // `path` is the request path below the mount point, e.g. "/v0/Send".
  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (path === "/") {
      if (req.method !== "GET") return text(res, 405, "405 - method not allow");
      res.writeHead(303, { Location: "/webapi/v0/" });
      return void res.end();
    }
    if (path === "/v0/") return html(res, indexPage());
    if (path === "/v0/openapi.json") {
      if (req.method !== "GET") return text(res, 405, "405 - method not allowed - use get");
      return json(res, 200, openapiDocument());
    }
    const name = path.startsWith("/v0/") ? path.slice(4) : "";
    const method = findMethod(name);
    if (!method) return text(res, 404, "404 - not found");
    if (req.method === "GET") return html(res, methodPage(name, method));
    if (req.method !== "POST") return text(res, 405, "405 - method not allowed - use get or post");
    const started = performance.now();
    const result = await call(req, res, method, name);
    deps.metrics.webapiCall(name, result, (performance.now() - started) / 1000);
  }

  // Returns the call's result as mox_webapi_results_total counts it: ok, badauth, ratelimited, or the code.
  async function call(req: IncomingMessage, res: ServerResponse, method: Method, name: string): Promise<string> {
    const credentials = basicCredentials(req.headers.authorization);
    if (!credentials) {
      text(res, 401, UNAUTHORIZED, { "WWW-Authenticate": "Basic realm=webapi" });
      return "badauth";
    }
    const ip = remoteIp(req, deps.trustForwarded);
    if (!ip) {
      text(res, 500, "500 - internal server error - cannot find remote ip");
      return "internal";
    }
    try {
      const account = await authenticate(res, ip, credentials);
      if (typeof account === "string") return account;
      checkKeyScope(account.apiKey, name);
      const ctx = { ...account, db: deps.db, remoteIp: ip, hostname: deps.hostname, maxMessageSize: deps.maxMessageSize, findAddressOwner, kick };
      const result = await runMethod(req, method, { ...ctx, idempotencyKey: req.headersDistinct["idempotency-key"] });
      if (result instanceof ReplayedAnswer) {
        jsonText(res, result.status, result.body, { "Idempotent-Replayed": "true" });
        return result.status === 200 ? "ok" : (JSON.parse(result.body) as { Code: string }).Code;
      }
      if (Buffer.isBuffer(result)) bytes(res, name, result);
      else json(res, 200, result);
      return "ok";
    } catch (err) {
      return respondError(req, res, err, name);
    }
  }

  // Answers 401/429 itself and returns the result to count; otherwise the account, the login address and the API
  // key if any.
  async function authenticate(res: ServerResponse, ip: string, [username, password]: [string, string]) {
    const login = await deps.authenticator.webapi(ip, username, password);
    deps.metrics.login("webapi", "httpbasic", login);
    if (login.ok) return { account: login.account, loginAddress: login.loginAddress, apiKey: login.apiKey };
    if (login.reason === "rateLimited") {
      text(res, 429, "429 - too many auth attempts");
      return "ratelimited";
    }
    if (login.reason === "loginDisabled") {
      text(res, 401, "401 - unauthorized - login is disabled for this account", { "WWW-Authenticate": "Basic realm=webapi" });
    } else {
      log.info({ ip, username }, "webapi authentication failed");
      text(res, 401, UNAUTHORIZED, { "WWW-Authenticate": "Basic realm=webapi" });
    }
    return "badauth";
  }

  async function runMethod(req: IncomingMessage, method: Method, base: Omit<WebapiContext, "files" | "now">): Promise<unknown> {
    const form = await readWebapiForm(req, deps.maxMessageSize);
    if (!form.request) throw new AppError("protocol", "missing/empty request");
    let parsed: unknown;
    try {
      parsed = JSON.parse(form.request);
    } catch (err) {
      throw new AppError("protocol", `parsing request: ${(err as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new AppError("protocol", "parsing request: request must be a JSON object");
    }
    const unstorable = unstorableTextAt(parsed);
    if (unstorable) throw new AppError("user", `${unstorable} contains a NUL character or invalid UTF-16 (a lone surrogate)`);
    const request = method.schema.safeParse(parsed);
    if (!request.success) throw new AppError("protocol", `parsing request: ${describeIssues(request.error)}`);
    return method.run({ ...base, files: form.files, now: deps.now?.() ?? new Date() }, request.data as never);
  }

  // Returns the code answered.
  function respondError(req: IncomingMessage, res: ServerResponse, err: unknown, name: string): string {
    // A body we stopped reading cannot be followed by another request on this connection.
    if (!req.readableEnded) res.setHeader("Connection", "close");
    if (err instanceof AppError && err.code === API_KEY_REFUSED) {
      text(res, 401, `401 - unauthorized - ${err.message}`, { "WWW-Authenticate": "Basic realm=webapi" });
      return "badauth";
    }
    const known = err instanceof AppError && KNOWN_CODES.has(err.code);
    if (!known) log.error({ err, method: name, reqId: req.headers["x-request-id"] }, "webapi call failed");
    const code = known ? err.code : "server";
    json(res, 400, { Code: code, Message: known ? err.message : "unhandled error" });
    return code;
  }
}

function bytes(res: ServerResponse, name: string, data: Buffer): void {
  const type = name === "MessageRawGet" ? "text/plain" : sniffContentType(data) || "application/octet-stream";
  res.writeHead(200, { "Content-Type": type, "Content-Length": data.length });
  res.end(data);
}

function basicCredentials(header: string | undefined): [string, string] | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 ? [decoded.slice(0, colon), decoded.slice(colon + 1)] : null;
}
