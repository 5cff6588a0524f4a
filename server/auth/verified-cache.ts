// scrypt is slow on purpose, which would make it the largest cost of every API call. A password that verified
// against a stored hash is remembered for a short while, keyed by an HMAC of (hash, password) under a key that
// never leaves this process: a changed password has a new hash and so misses the cache at once.
import { createHmac, randomBytes } from "node:crypto";

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

export class VerifiedCache {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  private id(passwordHash: string, password: string): string {
    return createHmac("sha256", this.key).update(passwordHash).update("\0").update(password).digest("base64");
  }

  has(passwordHash: string, password: string): boolean {
    const id = this.id(passwordHash, password);
    const expires = this.entries.get(id);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.entries.delete(id);
    return false;
  }

  add(passwordHash: string, password: string): void {
    // Maps iterate in insertion order, so the first key is the oldest entry.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(this.id(passwordHash, password), this.now() + TTL_MS);
  }
}
