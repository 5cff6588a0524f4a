// A bounded cache whose entries expire, on lru-cache. Keys are HMACs under a key that never leaves this process,
// so when a key holds a secret (a password), neither it nor anything that could be checked against it offline
// sits in memory.
import { createHmac, randomBytes } from "node:crypto";
import { LRUCache } from "lru-cache";

const MAX_ENTRIES = 10_000;

export class ExpiringCache<T> {
  private readonly key = randomBytes(32);
  // Boxed, so that null can be cached as an answer too.
  private readonly entries: LRUCache<string, { value: T }>;

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.entries = new LRUCache<string, { value: T }>({ max: MAX_ENTRIES, ttl: ttlMs, ttlResolution: 0, perf: { now } });
  }

  private id(parts: string[]): string {
    const h = createHmac("sha256", this.key);
    for (const p of parts) h.update(p).update("\0");
    return h.digest("base64");
  }

  get(...parts: string[]): T | undefined {
    return this.entries.get(this.id(parts))?.value;
  }

  set(value: T, ...parts: string[]): void {
    this.entries.set(this.id(parts), { value });
  }
}
