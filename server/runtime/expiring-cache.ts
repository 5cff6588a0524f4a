// A small cache whose entries expire. Keys are HMACs under a key that never leaves this process, so when a key
// holds a secret (a password), neither it nor anything that could be checked against it offline sits in memory.
import { createHmac, randomBytes } from "node:crypto";

const MAX_ENTRIES = 10_000;

export class ExpiringCache<T> {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, { value: T; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private id(parts: string[]): string {
    const h = createHmac("sha256", this.key);
    for (const p of parts) h.update(p).update("\0");
    return h.digest("base64");
  }

  get(...parts: string[]): T | undefined {
    const id = this.id(parts);
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    this.entries.delete(id);
    return undefined;
  }

  set(value: T, ...parts: string[]): void {
    // Maps iterate in insertion order, so the first key is the oldest entry.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(this.id(parts), { value, expires: this.now() + this.ttlMs });
  }
}
