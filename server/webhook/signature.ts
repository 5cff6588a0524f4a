// Our addition to mox's webhooks, off unless the account has a signing secret: an HMAC-SHA256 over the
// timestamp and the exact body, so a receiver can tell our requests from forged ones and refuse old ones
// replayed. The scheme is the one Stripe made familiar:
//   X-Mailroom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Mailroom-Signature";

export function signWebhook(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

// What a receiver does, here for our tests and as the reference for the README: the header must carry a
// signature made with the secret over this body, no more than toleranceSec away from now.
export function verifyWebhookSignature(secret: string, header: string, body: string, now: Date, toleranceSec = 300): boolean {
  const fields = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const t = Number(fields.get("t"));
  const given = Buffer.from(fields.get("v1") ?? "", "hex");
  if (!Number.isSafeInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(hmacHex(secret, t, body), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// 32 random bytes, hex: what "generate a secret" gives an account.
export function newSigningSecret(): string {
  return randomBytes(32).toString("hex");
}

function hmacHex(secret: string, t: number, body: string): string {
  return createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
}
