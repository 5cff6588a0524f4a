// An id for a list of strings that may hold a secret (a password): an HMAC under a key that never leaves the
// process, so that neither the secret nor anything that could be checked against it offline sits in memory.
import { createHmac, randomBytes } from "node:crypto";

export type IdKey = Buffer;

export const newIdKey = (): IdKey => randomBytes(32);

export function keyedId(key: IdKey, parts: string[]): string {
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p).update("\0");
  return h.digest("base64");
}
