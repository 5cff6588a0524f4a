// Concurrent callers with the same key share one run of the work and its outcome. Keys are keyed ids, so a
// password in a key is not kept in memory; an entry lives only while its work runs.
import { keyedId, newIdKey } from "./keyed-id";

export class SingleFlight<T> {
  private readonly key = newIdKey();
  private readonly running = new Map<string, Promise<T>>();

  run(parts: string[], work: () => Promise<T>): Promise<T> {
    const id = keyedId(this.key, parts);
    const existing = this.running.get(id);
    if (existing) return existing;
    const started = work().finally(() => this.running.delete(id));
    this.running.set(id, started);
    return started;
  }
}
