// A real HTTP server running the webapi handler on a loopback port, and a client that speaks to it the way
// mox's clients do: POST, basic auth, form field "request".
import { Authenticator } from "../../server/auth/authenticate";
import type { Db } from "../../server/db/client";
import { createWebapiHandler, type WebapiDeps } from "../../server/webapi/http";
import { quietLogger } from "./env";
import { serveLoopback } from "./net";
import { createMetrics } from "../../server/metrics/metrics";

export type WebapiServer = { url: string; close: () => Promise<void> };

export async function startWebapi(db: Db, opts: Partial<WebapiDeps> = {}): Promise<WebapiServer> {
  const handler = createWebapiHandler({
    db,
    hostname: "mail.test",
    maxMessageSize: 100 * 1024,
    trustForwarded: false,
    logger: quietLogger(),
    authenticator: new Authenticator(db),
    metrics: createMetrics(),
    ...opts,
  });
  return serveLoopback(handler);
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

export type MultipartField = { name: string; filename?: string; headers?: Record<string, string>; data: string | Buffer };

// Built by hand because fetch's FormData cannot set per-part headers such as Content-ID.
export function multipart(fields: MultipartField[]): { body: Buffer; contentType: string } {
  const boundary = `----mailroomtest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const f of fields) {
    const disposition = `form-data; name="${f.name}"${f.filename !== undefined ? `; filename="${f.filename}"` : ""}`;
    const headers = { "Content-Disposition": disposition, ...f.headers };
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("");
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), Buffer.from(f.data), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export type CallResult = { status: number; contentType: string; headers: Headers; body: Buffer; json: () => unknown };

export async function post(url: string, init: { auth?: string; contentType?: string; body?: string | Buffer; headers?: Record<string, string> }): Promise<CallResult> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.auth) headers.Authorization = init.auth;
  if (init.contentType) headers["Content-Type"] = init.contentType;
  const body = typeof init.body === "string" || init.body === undefined ? init.body : new Uint8Array(init.body);
  const r = await fetch(url, { method: "POST", headers, body, redirect: "manual" });
  const answer = Buffer.from(await r.arrayBuffer());
  return { status: r.status, contentType: r.headers.get("content-type") ?? "", headers: r.headers, body: answer, json: () => JSON.parse(answer.toString("utf8")) };
}

// One call with the request as a url-encoded form field.
export function call(server: WebapiServer, auth: string, method: string, request: unknown, headers?: Record<string, string>): Promise<CallResult> {
  return post(`${server.url}/webapi/v0/${method}`, {
    auth,
    headers,
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ request: JSON.stringify(request) }).toString(),
  });
}
