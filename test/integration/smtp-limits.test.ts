// SMTP resource bounds over real sockets on 127.0.0.1 (loopback gets no exemption): open connections per client
// across all listeners and per listener, both answered with 421 and closed, and idle connections closed.
import { connect, type Socket } from "node:net";
import { createTransport } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "../../server/db/client";
import { testDb } from "../helpers/env";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp-listeners";

type Client = { socket: Socket; greeting: string; received: () => string; closed: Promise<void> };

// Connects and waits for the first reply line: the 220 greeting or a refusal.
function open(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let received = "";
    const closed = new Promise<void>((r) => socket.once("close", () => r()));
    socket.on("error", () => undefined);
    socket.on("data", (d: Buffer) => {
      received += d.toString("latin1");
      const end = received.indexOf("\r\n");
      if (end >= 0) resolve({ socket, greeting: received.slice(0, end), received: () => received, closed });
    });
    void closed.then(() => reject(new Error(`closed before a reply: ${JSON.stringify(received)}`)));
  });
}

async function openMany(port: number, n: number): Promise<Client[]> {
  return Promise.all(Array.from({ length: n }, () => open(port)));
}

async function closeAll(clients: Client[]): Promise<void> {
  for (const c of clients) c.socket.destroy();
  await Promise.all(clients.map((c) => c.closed));
}

// Client and server ends alike: both live in this process.
const tcpSockets = () => process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;

const PER_IP = 30;
const REFUSED = "421 4.7.0 too many open connections from your ip or network";

let db: Db;

beforeAll(() => {
  db = testDb();
});

afterAll(async () => {
  await db.$disconnect();
});

describe("connections per client IP (default limit)", () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp(db);
  });
  afterAll(() => smtp.close());

  it("refuses connections beyond the limit with 421, on every listener, and holds no more sockets than the limit", async () => {
    const before = tcpSockets();
    const held = await openMany(smtp.ports.smtp, PER_IP);
    expect(held.map((c) => c.greeting.slice(0, 4))).toEqual(Array(PER_IP).fill("220 "));

    const flood = await openMany(smtp.ports.smtp, 200);
    expect(new Set(flood.map((c) => c.greeting))).toEqual(new Set([REFUSED]));
    // The count is per client, not per listener.
    const submission = await open(smtp.ports.submission);
    expect(submission.greeting).toBe(REFUSED);
    // The server closes the refused connections itself, so the flood leaves only the held ones behind.
    await Promise.all([...flood, submission].map((c) => c.closed));
    await vi.waitFor(() => expect(tcpSockets()).toBeLessThanOrEqual(before + 2 * PER_IP));

    // Held connections still work, and closing them gives their places back.
    held[0]!.socket.write("NOOP\r\n");
    await vi.waitFor(() => expect(held[0]!.received()).toMatch(/\r\n250 /));
    await closeAll(held);
    await vi.waitFor(() => expect(tcpSockets()).toBeLessThanOrEqual(before));
    const again = await openMany(smtp.ports.submission, PER_IP);
    expect(again.every((c) => c.greeting.startsWith("220 "))).toBe(true);
    await closeAll(again);
  });
});

describe("connections after STARTTLS", () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp(db, { env: { MAILROOM_SMTP_MAX_CONNECTIONS_PER_IP: "2" } });
  });
  afterAll(() => smtp.close());

  // smtp-server takes the socket's listeners off when it starts TLS; the place must come back all the same.
  it("give their place back when they close, and are counted as closed", async () => {
    for (let i = 0; i < 4; i++) {
      const client = createTransport({ host: "127.0.0.1", port: smtp.ports.submission, requireTLS: true, tls: { rejectUnauthorized: false } });
      await expect(client.verify()).resolves.toBe(true);
    }
    const metrics = await smtp.deps.metrics.registry.getSingleMetric("mox_smtpserver_connection_total")!.get();
    expect(metrics.values).toEqual([expect.objectContaining({ labels: { kind: "submit", listener: "submission" }, value: 4 })]);
    const open = smtp.deps.metrics.registry.getSingleMetric("mox_connections_count")!;
    await vi.waitFor(async () => expect((await open.get()).values).toEqual([expect.objectContaining({ labels: { protocol: "smtp", listener: "submission" }, value: 0 })]));
  });
});

describe("connections per listener", () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp(db, { env: { MAILROOM_SMTP_MAX_CONNECTIONS: "3" } });
  });
  afterAll(() => smtp.close());

  it("refuses connections beyond MAILROOM_SMTP_MAX_CONNECTIONS with 421 and closes them", async () => {
    const held = await openMany(smtp.ports.smtp, 3);
    expect(held.every((c) => c.greeting.startsWith("220 "))).toBe(true);
    const extra = await open(smtp.ports.smtp);
    expect(extra.greeting).toMatch(/^421 .*too many connected clients/i);
    await extra.closed;
    // Another listener has its own limit.
    const other = await open(smtp.ports.submission);
    expect(other.greeting).toMatch(/^220 /);
    await closeAll([...held, other]);
  });
});

describe("idle connections", () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp(db, { env: { MAILROOM_SMTP_IDLE_TIMEOUT_SECONDS: "0.3" } });
  });
  afterAll(() => smtp.close());

  it("closes a connection that stays silent for MAILROOM_SMTP_IDLE_TIMEOUT_SECONDS with 421", async () => {
    const client = await open(smtp.ports.smtp);
    expect(client.greeting).toMatch(/^220 /);
    client.socket.write("EHLO client.test\r\nMAIL FROM:<a@b.example>\r\n");
    await client.closed;
    expect(client.received()).toMatch(/\r\n421 [^\r\n]*timeout/i);
  });
});
