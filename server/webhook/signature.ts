// Our addition to mox's webhooks, off unless the account has a signing secret: an HMAC-SHA256 over the
// timestamp and the exact body, so a receiver can tell our requests from forged ones and refuse old ones
// replayed. The scheme is the one Stripe made familiar:
//   X-Mailroom-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// While a rotated-out secret is still in its overlap, the header carries a second v1 made with it, so
// receivers that still check the old secret keep accepting requests until they switch.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export { SIGNATURE_HEADER } from "./signature-header";

// How long a rotated-out secret still signs.
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

export type SigningSecrets = { webhookSigningSecret: string; webhookSigningPrevious: string; webhookSigningPreviousUntil: Date | null };

// The secrets a request made now is signed with, newest first. The webhook claim (attempt.ts) applies the
// same rule in SQL.
export function activeSigningSecrets(a: SigningSecrets, now: Date): string[] {
  const previous = a.webhookSigningPreviousUntil && a.webhookSigningPreviousUntil > now ? a.webhookSigningPrevious : "";
  return [a.webhookSigningSecret, previous].filter((s) => s !== "");
}

// The header value, or "" when there is no secret to sign with.
export function signWebhook(secrets: readonly string[], body: string, at: Date): string {
  if (secrets.length === 0) return "";
  const t = unixSeconds(at);
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmacHex(s, signedString(t, body))}`)].join(",");
}

// What the HMAC is computed over; the test dialog shows it, for debugging a receiver's check.
export function signedString(t: number, body: string): string {
  return `${t}.${body}`;
}

export const unixSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

// What a receiver does, here for our tests and as the reference for the README: one of the header's v1
// signatures must be made with the secret over this body, at a t no more than toleranceSec away from now.
export function verifyWebhookSignature(secret: string, header: string, body: string, now: Date, toleranceSec = 300): boolean {
  const fields = header.split(",").map((part) => part.trim().split("=", 2) as [string, string?]);
  const t = Number(fields.find(([k]) => k === "t")?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSec) return false;
  const expected = Buffer.from(hmacHex(secret, signedString(t, body)), "hex");
  return fields
    .filter(([k]) => k === "v1")
    .some(([, v]) => {
      const given = Buffer.from(v ?? "", "hex");
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

// 32 random bytes, hex: what "generate a secret" gives an account.
export function newSigningSecret(): string {
  return randomBytes(32).toString("hex");
}

function hmacHex(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("hex");
}
