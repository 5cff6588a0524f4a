// The client's IP for limits and logs: the socket's peer, or the first X-Forwarded-For entry when a trusted
// proxy is in front.
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { unmapIPv4 } from "./ip-network";

export function remoteIp(req: IncomingMessage, trustForwarded: boolean): string | null {
  if (!trustForwarded) return req.socket.remoteAddress ? unmapIPv4(req.socket.remoteAddress) : null;
  const first = String(req.headers["x-forwarded-for"] ?? "").split(",")[0]!.trim();
  return isIP(first) ? unmapIPv4(first) : null;
}

// Whether the browser reached us over TLS, directly or through a trusted proxy.
export function viaTls(req: IncomingMessage, trustForwarded: boolean): boolean {
  if ("encrypted" in req.socket && req.socket.encrypted) return true;
  return trustForwarded && String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]!.trim() === "https";
}
