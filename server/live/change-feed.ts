// Live updates for the pages. Statement triggers on the queue, webhook and configuration tables notify one
// PostgreSQL channel with the table's name; the web process listens once and fans changes out to every open
// page's subscription. A burst of notifications is folded into one event per interval, and every event has a
// sequence number so a page that reconnects with the last one it saw learns at once that it missed changes.
import type pg from "pg";
import { listenChannel } from "../db/notify-listener";
import type { Logger } from "../log/logger";

export const CHANGES_CHANNEL = "mailroom_changes";
export const ALL_TABLES = [
  "QueueMessage",
  "RetiredMessage",
  "HoldRule",
  "Webhook",
  "RetiredWebhook",
  "Domain",
  "DkimKey",
  "Account",
  "Address",
  "Transport",
  "Route",
  "Suppression",
  "AuditEntry",
] as const;
export type ChangedTable = (typeof ALL_TABLES)[number];
export type Change = { seq: number; tables: ChangedTable[] };

const FOLD_MS = 250;

export class ChangeFeed {
  private seq = 0;
  private pending = new Set<ChangedTable>();
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(c: Change) => void>();
  // Sequence numbers restart with the process; an id from before a restart is from another epoch.
  readonly epoch = Date.now().toString(36);

  notify(table: string): void {
    if (!(ALL_TABLES as readonly string[]).includes(table)) return;
    this.pending.add(table as ChangedTable);
    this.timer ??= setTimeout(() => this.flush(), FOLD_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const change = { seq: ++this.seq, tables: [...this.pending] };
    this.pending.clear();
    for (const l of this.listeners) l(change);
  }

  eventId(seq: number): string {
    return `${this.epoch}.${seq}`;
  }

  // Whether a page that last saw this event id has missed changes since.
  missedSince(lastEventId: string | null | undefined): boolean {
    if (!lastEventId) return false;
    const [epoch, seq] = lastEventId.split(".");
    return epoch !== this.epoch || Number(seq) < this.seq;
  }

  // Changes until the signal aborts.
  async *changes(signal: AbortSignal | undefined): AsyncGenerator<Change> {
    const queue: Change[] = [];
    let wake: (() => void) | undefined;
    const listener = (c: Change) => {
      queue.push(c);
      wake?.();
    };
    this.listeners.add(listener);
    const onAbort = () => wake?.();
    signal?.addEventListener("abort", onAbort);
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) yield next;
        else await new Promise<void>((r) => (wake = r));
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  get current(): number {
    return this.seq;
  }
}

export async function startChangeFeed(pool: pg.Pool, logger: Logger): Promise<{ feed: ChangeFeed; close: () => Promise<void> }> {
  const feed = new ChangeFeed();
  const close = await listenChannel(pool, CHANGES_CHANNEL, (payload) => feed.notify(payload), logger);
  return { feed, close };
}
