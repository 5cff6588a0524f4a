// What every procedure gets: the process's dependencies and the facts of the HTTP request it came with.
import type { ServerResponse } from "node:http";
import type { WebDeps } from "./web-deps";

export type TrpcContext = {
  deps: WebDeps;
  ip: string;
  cookies: Record<string, string>;
  // The X-CSRF-Token header, compared with the session's token on mutations.
  csrfToken: string | undefined;
  setCookie: (name: string, value: string, maxAgeSeconds: number) => void;
};

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

// HttpOnly and SameSite=Strict always; Secure when the browser reached us over TLS.
export function cookieSetter(res: ServerResponse, secure: boolean) {
  return (name: string, value: string, maxAgeSeconds: number) => {
    const attrs = [`${name}=${encodeURIComponent(value)}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${maxAgeSeconds}`];
    if (secure) attrs.push("Secure");
    const prev = res.getHeader("Set-Cookie");
    res.setHeader("Set-Cookie", [...(Array.isArray(prev) ? prev : prev ? [String(prev)] : []), attrs.join("; ")]);
  };
}
