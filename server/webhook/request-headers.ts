// The headers of a webhook request (spec 2.2) and the same request as a curl command. Browser-safe: the
// account page's test dialog shows them before sending, built exactly as the sender builds them.
import { SIGNATURE_HEADER } from "./signature-header";

export const USER_AGENT = "Mailroom/0.1 (webhook)";

export type HookHeaderInput = {
  id: bigint | number;
  attempt: number;
  // Empty: no header.
  authorization: string;
  // The X-Mailroom-Signature value; empty: not signed.
  signature: string;
};

export function hookHeaders(h: HookHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "User-Agent": USER_AGENT,
    "X-Mox-Webhook-ID": String(h.id),
    "X-Mox-Webhook-Attempt": String(h.attempt),
  };
  if (h.authorization) headers.Authorization = h.authorization;
  if (h.signature) headers[SIGNATURE_HEADER] = h.signature;
  return headers;
}

// For a POSIX shell: every argument in single quotes.
export function curlCommand(url: string, headers: Record<string, string>, body: string): string {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  return ["curl", "-X POST", ...Object.entries(headers).map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`), `--data-binary ${quote(body)}`, quote(url)].join(" \\\n  ");
}
