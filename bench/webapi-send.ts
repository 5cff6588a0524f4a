// Webapi Send against a bare node:http server that does the same insert of the same bytes: the ratio is what
// our request handling (auth, decoding, validation, composition, limits, hold rules) costs on top.
import { Authenticator } from "../server/auth/authenticate";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import type { Db } from "../server/db/client";
import { createLogger } from "../server/log/logger";
import { createWebapiHandler } from "../server/webapi/http";
import { runLoad, type LoadResult } from "./load";
import { provisionSender } from "./sender";
import { createMetrics } from "../server/metrics/metrics";

const CONCURRENCY = 32;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

const sendBody = () =>
  new URLSearchParams({
    request: JSON.stringify({
      To: [{ Name: "Recipient", Address: "rcpt@remote.example" }],
      Subject: "benchmark message",
      Text: "A small text message, as applications send them: a line or two.\nThanks!\n",
    }),
  }).toString();

// The baseline: parse the same form, then one transaction inserting the content and one queue row.
function bareServer(url: string, raw: Buffer): { server: http.Server; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = JSON.parse(new URLSearchParams(Buffer.concat(chunks).toString()).get("request") ?? "{}") as { To: { Address: string }[] };
      const [localpart, domain] = request.To[0]!.Address.split("@");
      insert(pool, raw, localpart!, domain!).then(
        (id) => {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ id }));
        },
        (err: Error) => {
          res.writeHead(500);
          res.end(err.message);
        },
      );
    });
  });
  return { server, pool };
}

async function insert(pool: pg.Pool, raw: Buffer, localpart: string, domain: string): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const content = await client.query<{ id: string }>(`INSERT INTO "QueueContent" ("raw") VALUES ($1) RETURNING "id"`, [raw]);
    const row = await client.query<{ id: string }>(
      `INSERT INTO "QueueMessage" ("senderAccount", "senderLocalpart", "senderDomain", "senderDomainStr", "recipientLocalpart", "recipientDomain", "recipientDomainStr", "size", "contentId")
       VALUES ('bench', 'sender', 'bench.example', 'bench.example', $1, $2, $2, $3, $4) RETURNING "id"`,
      [localpart, domain, raw.length, content.rows[0]!.id],
    );
    await client.query("COMMIT");
    return row.rows[0]!.id;
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  } finally {
    client.release();
  }
}

export type SendBench = { webapi: LoadResult; bare: LoadResult; messageBytes: number };

export async function benchWebapiSend(db: Db, url: string, seconds: number): Promise<SendBench> {
  const authorization = await provisionSender(db, "bench.example", "bench");
  const handler = createWebapiHandler({ db, hostname: "bench.example", maxMessageSize: 100 * 1024 * 1024, trustForwarded: false, logger: createLogger("bench", "silent"), authenticator: new Authenticator(db), metrics: createMetrics() });
  const api = http.createServer((req, res) => void handler(req, res));
  const apiUrl = await listen(api);
  const headers = { Authorization: authorization, "Content-Type": "application/x-www-form-urlencoded" };
  const body = sendBody();
  const webapi = await runLoad({ url: `${apiUrl}/webapi/v0/Send`, headers, body, concurrency: CONCURRENCY, seconds });
  await close(api);

  const sample = await db.queueContent.findFirstOrThrow({ orderBy: { id: "asc" } });
  const raw = Buffer.from(sample.raw);
  const bare = bareServer(url, raw);
  const bareUrl = await listen(bare.server);
  const baseline = await runLoad({ url: bareUrl, headers, body, concurrency: CONCURRENCY, seconds });
  await close(bare.server);
  await bare.pool.end();
  return { webapi, bare: baseline, messageBytes: raw.length };
}
