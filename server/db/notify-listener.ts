// LISTEN on one PostgreSQL channel on a connection of its own. A lost connection is re-made after a second;
// onNotify is then called once with an empty payload, because notifications sent meanwhile are gone.
import type pg from "pg";
import { errorText } from "../errors";
import type { Logger } from "../log/logger";

const RETRY_MS = 1000;

export async function listenChannel(pool: pg.Pool, channel: string, onNotify: (payload: string) => void, logger: Logger): Promise<() => Promise<void>> {
  let client: pg.PoolClient | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    try {
      const c = await pool.connect();
      c.on("notification", (n) => onNotify(n.payload ?? ""));
      c.on("error", (err) => lost(c, err));
      await c.query(`LISTEN ${channel}`);
      client = c;
      onNotify("");
    } catch (err) {
      scheduleConnect(err);
    }
  };
  const lost = (c: pg.PoolClient, err: Error) => {
    if (client === c) client = undefined;
    c.release(true);
    scheduleConnect(err);
  };
  const scheduleConnect = (err: unknown) => {
    if (closed) return;
    logger.warn({ err: errorText(err), channel }, "database notifications lost, listening again shortly");
    retry = setTimeout(() => void connect(), RETRY_MS);
  };

  await connect();
  return async () => {
    closed = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    if (!c) return;
    await c.query(`UNLISTEN ${channel}`).catch(() => undefined);
    c.release();
  };
}
