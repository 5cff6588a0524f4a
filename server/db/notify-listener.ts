// LISTEN on one PostgreSQL channel on a connection of its own. A lost connection is re-made after a second;
// onNotify is then called once with an empty payload, because notifications sent meanwhile are gone. Once
// closed, nothing is re-made: a connection the stopping server cuts then is simply let go.
import type pg from "pg";
import { errorText } from "../errors";
import type { Logger } from "../log/logger";

const RETRY_MS = 1000;

// pg may report one lost connection more than once (the server's message, then the socket's end), and the
// closer may race with that; the client goes back to the pool only once.
type Listening = { client: pg.PoolClient; drop: () => void };

function listening(client: pg.PoolClient): Listening {
  let dropped = false;
  return {
    client,
    drop: () => {
      if (dropped) return;
      dropped = true;
      client.release(true);
    },
  };
}

export async function listenChannel(pool: pg.Pool, channel: string, onNotify: (payload: string) => void, logger: Logger): Promise<() => Promise<void>> {
  let current: Listening | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    let l: Listening | undefined;
    try {
      l = listening(await pool.connect());
      const self = l;
      l.client.on("notification", (n) => onNotify(n.payload ?? ""));
      l.client.on("error", (err) => lost(self, err));
      await l.client.query(`LISTEN ${channel}`);
    } catch (err) {
      l?.drop();
      return scheduleConnect(err);
    }
    if (closed) return l.drop();
    current = l;
    onNotify("");
  };
  const lost = (l: Listening, err: Error) => {
    l.drop();
    if (current !== l) return;
    current = undefined;
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
    // Closing the connection ends the LISTEN with it.
    current?.drop();
    current = undefined;
  };
}
