// The API key itself: "mrk_" + a 12-hex-digit prefix + "_" + 256 random bits in base64url. The prefix finds the
// row and may be shown; only a SHA-256 of the whole key is stored. A slow hash would add nothing: the secret
// is random and too long to guess, unlike a password.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const FORMAT = /^mrk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

export type NewApiKey = { key: string; prefix: string; keyHash: string };

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(6).toString("hex");
  const key = `mrk_${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, keyHash: hashApiKey(key) };
}

export const hashApiKey = (key: string): string => createHash("sha256").update(key).digest("hex");

// The prefix of a string shaped like a key, or null: a password is never taken for a key by accident.
export function apiKeyPrefix(candidate: string): string | null {
  return FORMAT.exec(candidate)?.[1] ?? null;
}

export function apiKeyMatches(key: string, keyHash: string): boolean {
  const stored = Buffer.from(keyHash, "hex");
  const given = createHash("sha256").update(key).digest();
  return stored.length === given.length && timingSafeEqual(stored, given);
}

// How lists show a key: enough to recognise it, nothing of the secret.
export const displayPrefix = (prefix: string) => `mrk_${prefix}_…`;
