// A bounded cache whose entries expire, on lru-cache. Keys are keyed ids, so a password in a key is not kept in
// memory.
import { LRUCache } from "lru-cache";
import { keyedId, newIdKey } from "./keyed-id";

const MAX_ENTRIES = 10_000;

export class ExpiringCache<T> {
  private readonly key = newIdKey();
  // Boxed, so that null can be cached as an answer too.
  private readonly entries: LRUCache<string, { value: T }>;

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.entries = new LRUCache<string, { value: T }>({ max: MAX_ENTRIES, ttl: ttlMs, ttlResolution: 0, perf: { now } });
  }

  get(...parts: string[]): T | undefined {
    return this.entries.get(keyedId(this.key, parts))?.value;
  }

  set(value: T, ...parts: string[]): void {
    this.entries.set(keyedId(this.key, parts), { value });
  }

  delete(...parts: string[]): void {
    this.entries.delete(keyedId(this.key, parts));
  }

  clear(): void {
    this.entries.clear();
  }

  // An answer read from the database at `start` (this cache's clock) lives from then, not from when it came back.
  setReadAt(start: number, value: T, ...parts: string[]): void {
    this.entries.set(keyedId(this.key, parts), { value }, { start });
  }
}
