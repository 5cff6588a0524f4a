// A LISTEN connection that the server cuts: re-made while listening, let go once closed. At shutdown the server
// often cuts it after the listener was closed (a signal to the process group reaches PostgreSQL too).
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { listenChannel } from "../../server/db/notify-listener";
import { withPgClient } from "../../server/db/pg-client";
import { createLogger } from "../../server/log/logger";
import { databaseUrl, unique } from "../helpers/env";
import { until } from "../helpers/wait";

const pools: pg.Pool[] = [];
afterEach(async () => {
  for (const p of pools.splice(0)) await p.end();
});

function poolNamed(name: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl(), application_name: name });
  pool.on("error", () => undefined);
  pools.push(pool);
  return pool;
}

function terminate(name: string): Promise<number> {
  return withPgClient(databaseUrl(), async (c) => (await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [name])).rowCount ?? 0);
}

function notify(channel: string, payload: string): Promise<unknown> {
  return withPgClient(databaseUrl(), (c) => c.query("SELECT pg_notify($1, $2)", [channel, payload]));
}

// Warnings are kept to tell whether the listener tried to listen again.
function recordingLogger(warnings: string[]) {
  const logger = createLogger("test", "warn");
  logger.warn = ((_: unknown, msg: string) => void warnings.push(msg)) as typeof logger.warn;
  return logger;
}

describe("listenChannel", () => {
  it("listens again after the server cut the connection, and says so with an empty payload", async () => {
    const name = unique("listen");
    const channel = `ch_${name}`;
    const payloads: string[] = [];
    const warnings: string[] = [];
    const close = await listenChannel(poolNamed(name), channel, (p) => payloads.push(p), recordingLogger(warnings));
    expect(await terminate(name)).toBe(1);
    await until(async () => payloads.length === 2, 5000, "listening again");
    await notify(channel, "after");
    await until(async () => payloads.includes("after"), 5000, "the notification after reconnecting");
    expect(payloads).toEqual(["", "", "after"]);
    expect(warnings).toEqual(["database notifications lost, listening again shortly"]);
    await close();
  });

  it("once closed, holds no connection, and a cut connection neither throws nor is made again", async () => {
    const name = unique("listen");
    const pool = poolNamed(name);
    const payloads: string[] = [];
    const warnings: string[] = [];
    const close = await listenChannel(pool, `ch_${name}`, (p) => payloads.push(p), recordingLogger(warnings));
    await close();
    // Whatever the pool still holds is cut now, as a server shutting down does.
    await terminate(name);
    await new Promise((r) => setTimeout(r, 1500));
    expect(pool.totalCount).toBe(0);
    expect(payloads).toEqual([""]);
    expect(warnings).toEqual([]);
  });
});
