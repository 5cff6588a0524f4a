// The outgoing SMTP client against real servers on loopback: smtp-server instances, a scripted server for what
// smtp-server cannot say (LIMITS, legacy 552, a refusing or silent greeting, a dropped connection), and a small
// SOCKS5 proxy. Nothing here connects anywhere but 127.0.0.1.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { CustomAuthenticationContext, CustomAuthenticationResponse } from "nodemailer/lib/smtp-connection";
import { SMTPServer, type SMTPServerAddress, type SMTPServerOptions } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openSmtpSession, parseReply, SmtpClientError, type SmtpConnectOptions, type SmtpSession, type SmtpTransaction } from "../../server/smtp-client/client";
import { ScramClient, scramAuthHandlers } from "../../server/smtp-client/sasl-scram";
import { freePort } from "../helpers/net";

// ---- fixtures ----

let tmp = "";
let tlsKey = "";
let tlsCert = "";
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "smtp-client-test-"));
  const keyFile = path.join(tmp, "key.pem");
  const certFile = path.join(tmp, "cert.pem");
  // node:crypto makes keys but not certificates.
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=mx.test", "-addext", "subjectAltName=DNS:mx.test"],
    { stdio: "ignore" },
  );
  tlsKey = fs.readFileSync(keyFile, "utf8");
  tlsCert = fs.readFileSync(certFile, "utf8");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const message = [
  Buffer.from("Received: from client.test by client.test\r\n"),
  Buffer.from("From: <mjl@client.test>\r\nTo: <a@mx.test>\r\nSubject: hi\r\n\r\n.a line starting with a dot\r\n8bit: \u263a\r\n"),
];

function tx(recipients: string[], extra: Partial<SmtpTransaction> = {}): SmtpTransaction {
  return { from: "mjl@client.test", recipients, message, has8bit: false, smtputf8: false, requireTls: false, ...extra };
}

function options(port: number, extra: Partial<SmtpConnectOptions> = {}): SmtpConnectOptions {
  return { host: "mx.test", ip: "127.0.0.1", port, tls: "opportunistic", verifyTls: false, localHostname: "client.test", ...extra };
}

async function open(opts: SmtpConnectOptions): Promise<SmtpSession> {
  const session = await openSmtpSession(opts);
  closers.push(() => session.close());
  return session;
}

async function openError(opts: SmtpConnectOptions): Promise<SmtpClientError> {
  const err = await openSmtpSession(opts).then(
    (s) => s.close().then(() => new Error("session opened")),
    (e: unknown) => e,
  );
  if (!(err instanceof SmtpClientError)) throw err;
  return err;
}

// ---- smtp-server with everything it saw recorded ----

type Seen = {
  connections: number;
  mailFrom: SMTPServerAddress[];
  rcptTo: string[];
  messages: { to: string[]; data: Buffer; secure: boolean }[];
  auth: { method: string; username: string }[];
};

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

// rejectData: the reply to the end of the message data, for recipients of messages with this subject.
async function startServer(extra: SMTPServerOptions = {}, rejectData?: { subject: string; error: Error }): Promise<{ port: number; seen: Seen }> {
  const seen: Seen = { connections: 0, mailFrom: [], rcptTo: [], messages: [], auth: [] };
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    hideSTARTTLS: true,
    hideENHANCEDSTATUSCODES: false,
    authOptional: true,
    allowInsecureAuth: true,
    closeTimeout: 100,
    ...extra,
    onConnect(_session, callback) {
      seen.connections++;
      callback();
    },
    onMailFrom(address, session, callback) {
      seen.mailFrom.push(address);
      if (extra.onMailFrom) extra.onMailFrom(address, session, callback);
      else callback();
    },
    onRcptTo(address, session, callback) {
      seen.rcptTo.push(address.address);
      if (extra.onRcptTo) extra.onRcptTo(address, session, callback);
      else callback();
    },
    onAuth(auth, session, callback) {
      seen.auth.push({ method: auth.method, username: auth.username ?? "" });
      if (extra.onAuth) extra.onAuth(auth, session, callback);
      else callback(smtpError(535, "no auth here"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const data = Buffer.concat(chunks);
        if (rejectData && data.includes(`Subject: ${rejectData.subject}\r\n`)) return callback(rejectData.error);
        seen.messages.push({ to: session.envelope.rcptTo.map((r) => r.address), data, secure: session.secure });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as net.AddressInfo).port, seen };
}

// ---- a scripted SMTP server for replies smtp-server does not give ----

type Script = {
  greeting?: string;
  extensions?: string[];
  // Reply to the n-th RCPT (1-based) of a transaction.
  rcpt?: (n: number) => string;
  dropOnData?: boolean;
  silent?: boolean;
};
type Transaction = { from: string; rcpts: string[]; data: string };

async function scriptedServer(script: Script): Promise<{ port: number; transactions: Transaction[] }> {
  const transactions: Transaction[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    if (script.silent) return;
    let buffered = "";
    let current: Transaction | null = null;
    let rcptCount = 0;
    let inData = false;
    const reply = (text: string) => socket.write(`${text}\r\n`);
    const command = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === "EHLO") {
        const lines = ["scripted.test", "PIPELINING", ...(script.extensions ?? [])];
        reply(lines.map((l, i) => `250${i === lines.length - 1 ? " " : "-"}${l}`).join("\r\n"));
      } else if (verb === "MAIL") {
        current = { from: /<(.*)>/.exec(line)?.[1] ?? "", rcpts: [], data: "" };
        rcptCount = 0;
        reply("250 2.1.0 ok");
      } else if (verb === "RCPT") {
        const answer = script.rcpt?.(++rcptCount) ?? "250 2.1.5 ok";
        if (answer.startsWith("2")) current?.rcpts.push(/<(.*)>/.exec(line)?.[1] ?? "");
        reply(answer);
      } else if (verb === "DATA") {
        if (script.dropOnData) socket.destroy();
        else if (!current?.rcpts.length) reply("554 5.5.1 no valid recipients");
        else {
          inData = true;
          reply("354 go ahead");
        }
      } else if (verb === "RSET") {
        current = null;
        reply("250 2.0.0 ok");
      } else if (verb === "QUIT") {
        reply("221 2.0.0 bye");
        socket.end();
      } else reply("500 5.5.2 unknown command");
    };
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffered.indexOf("\r\n.\r\n");
          if (end < 0) return;
          // Undo the dot-stuffing of lines that start with a dot.
          const data = `\r\n${buffered.slice(0, end + 2)}`.replace(/\r\n\./g, "\r\n").slice(2);
          transactions.push({ ...current!, data });
          buffered = buffered.slice(end + 5);
          inData = false;
          current = null;
          reply("250 2.0.0 queued");
          continue;
        }
        const end = buffered.indexOf("\r\n");
        if (end < 0) return;
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        command(line);
      }
    });
    reply(script.greeting ?? "220 scripted.test ESMTP");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closeWithSockets(server, sockets);
  return { port: (server.address() as net.AddressInfo).port, transactions };
}

// ---- a SOCKS5 proxy (no auth, CONNECT only) that only ever connects to 127.0.0.1 ----

async function socksProxy(refuse = false): Promise<{ port: number; requests: string[] }> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    let buffered = Buffer.alloc(0);
    let greeted = false;
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!greeted) {
        if (buffered.length < 2 || buffered.length < 2 + buffered[1]!) return;
        buffered = buffered.subarray(2 + buffered[1]!);
        greeted = true;
        client.write(Buffer.from([5, 0]));
      }
      const request = parseSocksRequest(buffered);
      if (!request) return;
      client.off("data", onData);
      requests.push(`${request.host}:${request.port}`);
      if (refuse) {
        client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0]));
        return;
      }
      const upstream = net.connect({ host: "127.0.0.1", port: request.port }, () => {
        client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
        upstream.write(buffered.subarray(request.length));
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on("close", () => sockets.delete(upstream));
      upstream.on("error", () => client.destroy());
    };
    client.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closeWithSockets(server, sockets);
  return { port: (server.address() as net.AddressInfo).port, requests };
}

// Closed after the file: open connections are destroyed, so close() does not wait for them.
function closeWithSockets(server: net.Server, sockets: Set<net.Socket>): void {
  closers.push(
    () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  );
}

function parseSocksRequest(b: Buffer): { host: string; port: number; length: number } | null {
  if (b.length < 5) return null;
  const type = b[3];
  const [start, hostLength] = type === 1 ? [4, 4] : type === 3 ? [5, b[4]!] : [4, 16];
  const length = start + hostLength + 2;
  if (b.length < length) return null;
  const raw = b.subarray(start, start + hostLength);
  const host = type === 1 ? [...raw].join(".") : type === 3 ? raw.toString("ascii") : raw.toString("hex");
  return { host, port: b.readUInt16BE(start + hostLength), length };
}

// ---- tests ----

describe("delivery over plain SMTP", () => {
  it("delivers two recipients in one transaction, byte for byte, and reuses the session", async () => {
    const { port, seen } = await startServer();
    const session = await open(options(port));
    expect(session.tls).toBe(false);
    expect(session.extensions).toEqual(expect.arrayContaining(["PIPELINING", "8BITMIME", "SMTPUTF8"]));
    expect(session.rcptMax).toBeNull();

    const outcomes = await session.send(tx(["a@mx.test", "b@mx.test"]));
    expect(outcomes).toEqual([
      expect.objectContaining({ recipient: "a@mx.test", ok: true, code: 250, secode: "6.0", error: "" }),
      expect.objectContaining({ recipient: "b@mx.test", ok: true, code: 250, secode: "6.0", error: "" }),
    ]);
    expect(seen.mailFrom.map((m) => m.address)).toEqual(["mjl@client.test"]);
    expect(seen.rcptTo).toEqual(["a@mx.test", "b@mx.test"]);
    expect(seen.messages).toHaveLength(1);
    expect(seen.messages[0]!.data.equals(Buffer.concat(message))).toBe(true);

    // Same connection, with the parameters an 8-bit, internationalised message needs (ASCII addresses: only
    // the transaction asks for SMTPUTF8), and the null sender.
    const second = await session.send(tx(["c@mx.test"], { from: "", has8bit: true, smtputf8: true }));
    expect(second[0]!.ok).toBe(true);
    expect(seen.connections).toBe(1);
    expect(seen.mailFrom[0]!.args).not.toHaveProperty("BODY");
    expect(seen.mailFrom[1]!.address).toBe("");
    expect(seen.mailFrom[1]!.args).toMatchObject({ BODY: "8BITMIME", SMTPUTF8: true });
  });

  it("reports a rejected recipient as permanent with its enhanced code, and delivers to the others", async () => {
    const { port, seen } = await startServer({
      onRcptTo: (a, _s, cb) => cb(a.address === "nobody@mx.test" ? smtpError(550, "no such user") : null),
    });
    const session = await open(options(port));
    const [good, bad] = await session.send(tx(["a@mx.test", "nobody@mx.test"]));
    expect(good).toMatchObject({ ok: true, code: 250 });
    expect(bad).toEqual({
      recipient: "nobody@mx.test",
      ok: false,
      permanent: true,
      code: 550,
      secode: "1.1",
      error: "remote smtp server rejected recipient, permanent: 550 5.1.1 no such user",
      lines: ["550 5.1.1 no such user"],
    });
    expect(seen.messages.map((m) => m.to)).toEqual([["a@mx.test"]]);
  });

  it("reports 451 as transient, and the session stays usable after a transaction without recipients", async () => {
    const { port, seen } = await startServer({
      onRcptTo: (a, _s, cb) => cb(a.address === "later@mx.test" ? smtpError(451, "try again later") : null),
    });
    const session = await open(options(port));
    const [later] = await session.send(tx(["later@mx.test"]));
    expect(later).toMatchObject({ ok: false, permanent: false, code: 451, secode: "3.0" });
    expect(later!.error).toBe("remote smtp server rejected recipient, transient: 451 4.3.0 try again later");

    const [next] = await session.send(tx(["a@mx.test"]));
    expect(next!.ok).toBe(true);
    expect(seen.connections).toBe(1);
    expect(seen.messages.map((m) => m.to)).toEqual([["a@mx.test"]]);
  });

  it("gives every recipient the reply to a rejected MAIL FROM, then delivers the next transaction", async () => {
    const { port, seen } = await startServer({
      hideENHANCEDSTATUSCODES: true,
      onMailFrom: (a, _s, cb) => cb(a.address === "blocked@client.test" ? smtpError(550, "5.7.1 sender blocked") : null),
    });
    const session = await open(options(port));
    const outcomes = await session.send(tx(["a@mx.test", "b@mx.test"], { from: "blocked@client.test" }));
    for (const o of outcomes) {
      expect(o).toMatchObject({ ok: false, permanent: true, code: 550, secode: "7.1", lines: ["550 5.7.1 sender blocked"] });
      expect(o.error).toBe("remote smtp server rejected sender, permanent: 550 5.7.1 sender blocked");
    }
    const [next] = await session.send(tx(["a@mx.test"]));
    expect(next!.ok).toBe(true);
    expect(seen.messages.map((m) => m.to)).toEqual([["a@mx.test"]]);
  });

  it("gives accepted recipients the reply to rejected message data, keeps RCPT rejections, and stays usable", async () => {
    const { port, seen } = await startServer(
      { onRcptTo: (a, _s, cb) => cb(a.address === "nobody@mx.test" ? smtpError(550, "no such user") : null) },
      { subject: "spam", error: smtpError(554, "content rejected") },
    );
    const session = await open(options(port));
    const spam = [Buffer.from("Subject: spam\r\n\r\nbuy\r\n")];
    const outcomes = await session.send(tx(["a@mx.test", "nobody@mx.test", "b@mx.test"], { message: spam }));
    expect(outcomes.map((o) => o.error)).toEqual([
      "remote smtp server rejected message, permanent: 554 5.6.0 content rejected",
      "remote smtp server rejected recipient, permanent: 550 5.1.1 no such user",
      "remote smtp server rejected message, permanent: 554 5.6.0 content rejected",
    ]);
    expect(outcomes[0]).toMatchObject({ code: 554, secode: "6.0", lines: ["554 5.6.0 content rejected"] });
    const [next] = await session.send(tx(["a@mx.test"]));
    expect(next!.ok).toBe(true);
    expect(seen.connections).toBe(1);
    expect(seen.messages.map((m) => m.to)).toEqual([["a@mx.test"]]);
  });

  it("splits recipients by LIMITS RCPTMAX into transactions on one connection", async () => {
    const { port, transactions } = await scriptedServer({ extensions: ["LIMITS RCPTMAX=1 MAILMAX=100"] });
    const session = await open(options(port));
    expect(session.rcptMax).toBe(1);
    expect(session.extensions).toContain("LIMITS");
    const outcomes = await session.send(tx(["a@mx.test", "b@mx.test"]));
    expect(outcomes.map((o) => [o.recipient, o.ok])).toEqual([
      ["a@mx.test", true],
      ["b@mx.test", true],
    ]);
    expect(transactions.map((t) => t.rcpts)).toEqual([["a@mx.test"], ["b@mx.test"]]);
    expect(Buffer.from(transactions[1]!.data, "latin1").equals(Buffer.concat(message))).toBe(true);
  });

  it("retries recipients deferred with 452 (too many recipients) in a next transaction", async () => {
    const { port, seen } = await startServer({ maxRecipients: 1 });
    const session = await open(options(port));
    const outcomes = await session.send(tx(["a@mx.test", "b@mx.test", "c@mx.test"]));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(seen.messages.map((m) => m.to)).toEqual([["a@mx.test"], ["b@mx.test"], ["c@mx.test"]]);
    expect(seen.connections).toBe(1);
  });

  it("treats legacy 552 for a later recipient like 452", async () => {
    const { port, transactions } = await scriptedServer({ rcpt: (n) => (n > 1 ? "552 5.5.3 too many recipients" : "250 2.1.5 ok") });
    const session = await open(options(port));
    const outcomes = await session.send(tx(["a@mx.test", "b@mx.test"]));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true]);
    expect(transactions.map((t) => t.rcpts)).toEqual([["a@mx.test"], ["b@mx.test"]]);
  });

  it("gives transient failures with code 0 when the connection drops mid-session", async () => {
    const { port } = await scriptedServer({ dropOnData: true });
    const session = await open(options(port));
    const outcomes = await session.send(tx(["a@mx.test", "b@mx.test"]));
    for (const o of outcomes) expect(o).toMatchObject({ ok: false, permanent: false, code: 0, lines: [] });
    expect(outcomes[0]!.error).toMatch(/, transient$/);
    expect(session.closed).toBe(true);
    const [after] = await session.send(tx(["c@mx.test"]));
    expect(after).toMatchObject({ ok: false, permanent: false, code: 0 });
  });

  it("fails before MAIL when the message needs SMTPUTF8 and the server lacks it", async () => {
    const { port, seen } = await startServer({ hideSMTPUTF8: true });
    const session = await open(options(port));
    const [o] = await session.send(tx(["a@mx.test"], { smtputf8: true }));
    expect(o).toMatchObject({ ok: false, permanent: true, code: 0, secode: "6.7" });
    expect(o!.error).toBe("remote smtp server does not support SMTPUTF8, required by message, permanent");
    expect(seen.mailFrom).toHaveLength(0);
  });

  it("fails REQUIRETLS messages with 554 5.7.30 on a connection without verified TLS", async () => {
    const { port, seen } = await startServer();
    const session = await open(options(port));
    const outcomes = await session.send(tx(["a@mx.test", "b@mx.test"], { requireTls: true }));
    for (const o of outcomes) expect(o).toMatchObject({ ok: false, permanent: true, code: 554, secode: "7.30" });
    expect(seen.mailFrom).toHaveLength(0);
  });

  it("fails the session permanently on a 554 greeting", async () => {
    const { port } = await scriptedServer({ greeting: "554 5.7.1 no mail from you" });
    const err = await openError(options(port));
    expect(err).toMatchObject({ stage: "session", permanent: true, smtpCode: 554, secode: "7.1", lines: ["554 5.7.1 no mail from you"] });
    expect(err.message).toBe("remote smtp server refused connection, permanent: 554 5.7.1 no mail from you");
  });

  it("times out waiting for a greeting", async () => {
    const { port } = await scriptedServer({ silent: true });
    const err = await openError(options(port, { timeouts: { sessionMs: 200 } }));
    expect(err).toMatchObject({ stage: "session", permanent: false, smtpCode: 0 });
    expect(err.message).toMatch(/^timeout .*, transient$/);
  });
});

describe("TLS", () => {
  it("uses STARTTLS opportunistically with an unverified certificate", async () => {
    const { port, seen } = await startServer({ hideSTARTTLS: false, key: tlsKey, cert: tlsCert });
    const session = await open(options(port));
    expect(session).toMatchObject({ tls: true, tlsVerified: false });
    expect((await session.send(tx(["a@mx.test"])))[0]!.ok).toBe(true);
    expect(seen.messages[0]!.secure).toBe(true);
  });

  it("requires STARTTLS verified against the given CA, and sends REQUIRETLS", async () => {
    const { port, seen } = await startServer({ hideSTARTTLS: false, hideREQUIRETLS: false, key: tlsKey, cert: tlsCert });
    const session = await open(options(port, { tls: "starttls", verifyTls: true, ca: tlsCert }));
    expect(session).toMatchObject({ tls: true, tlsVerified: true });
    expect(session.extensions).toContain("REQUIRETLS");
    const [o] = await session.send(tx(["a@mx.test"], { requireTls: true }));
    expect(o!.ok).toBe(true);
    expect(seen.mailFrom[0]!.args).toMatchObject({ REQUIRETLS: true });
  });

  it("fails a required STARTTLS the server does not offer", async () => {
    const { port } = await startServer();
    const err = await openError(options(port, { tls: "starttls", verifyTls: true }));
    expect(err).toMatchObject({ stage: "tls", permanent: false, smtpCode: 0, message: "mx.test does not offer STARTTLS, transient" });
  });

  it("falls back to plaintext once when the opportunistic TLS handshake fails", async () => {
    const { port, seen } = await startServer({ hideSTARTTLS: false, key: tlsKey, cert: tlsCert });
    // Verification against the default roots fails the handshake for the self-signed certificate.
    const session = await open(options(port, { verifyTls: true }));
    expect(session.tls).toBe(false);
    expect((await session.send(tx(["a@mx.test"])))[0]!.ok).toBe(true);
    expect(seen.connections).toBe(2);
    expect(seen.messages[0]!.secure).toBe(false);
  });

  it("reports a failed handshake when TLS is required", async () => {
    const { port } = await startServer({ hideSTARTTLS: false, key: tlsKey, cert: tlsCert });
    const err = await openError(options(port, { tls: "starttls", verifyTls: true }));
    expect(err).toMatchObject({ stage: "tls", permanent: false, smtpCode: 0 });
    expect(err.message).toMatch(/^tls handshake with mx\.test: .*certificate.*, transient$/);
  });

  it("speaks implicit TLS", async () => {
    const { port, seen } = await startServer({ secure: true, key: tlsKey, cert: tlsCert });
    const session = await open(options(port, { tls: "implicit", verifyTls: true, ca: tlsCert }));
    expect(session).toMatchObject({ tls: true, tlsVerified: true });
    expect((await session.send(tx(["a@mx.test", "b@mx.test"]))).map((o) => o.ok)).toEqual([true, true]);
    expect(seen.messages[0]!.secure).toBe(true);
  });
});

describe("AUTH", () => {
  const authServer = () =>
    startServer({
      authMethods: ["PLAIN", "LOGIN", "CRAM-MD5"],
      onAuth(auth, _session, callback) {
        const ok = auth.username === "mjl" && (auth.method === "CRAM-MD5" ? auth.validatePassword("secret") : auth.password === "secret");
        callback(ok ? null : smtpError(535, "bad credentials"), ok ? { user: auth.username } : undefined);
      },
    });
  const auth = (mechanisms: string[], password = "secret") => ({ auth: { username: "mjl", password, mechanisms } });

  it("uses the first configured mechanism the server offers (CRAM-MD5 here; -PLUS and SCRAM are not offered)", async () => {
    const { port, seen } = await authServer();
    const session = await open(options(port, auth(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "CRAM-MD5", "PLAIN"])));
    expect(seen.auth).toEqual([{ method: "CRAM-MD5", username: "mjl" }]);
    expect((await session.send(tx(["a@mx.test"])))[0]!.ok).toBe(true);
  });

  it("uses PLAIN when listed", async () => {
    const { port, seen } = await authServer();
    await open(options(port, auth(["PLAIN"])));
    expect(seen.auth).toEqual([{ method: "PLAIN", username: "mjl" }]);
  });

  it("does not authenticate without a mechanism in common", async () => {
    const { port, seen } = await authServer();
    const session = await open(options(port, auth(["SCRAM-SHA-1"])));
    expect(seen.auth).toEqual([]);
    expect((await session.send(tx(["a@mx.test"])))[0]!.ok).toBe(true);
  });

  it("fails the session permanently on 535", async () => {
    const { port } = await authServer();
    const err = await openError(options(port, auth(["PLAIN"], "wrong")));
    expect(err).toMatchObject({ stage: "auth", permanent: true, smtpCode: 535, secode: "7.8" });
    expect(err.message).toBe("remote smtp server rejected authentication, permanent: 535 5.7.8 bad credentials");
  });
});

describe("dialing", () => {
  it("reports a refused connection as transient with code 0", async () => {
    const port = await freePort();
    const err = await openError(options(port));
    expect(err).toMatchObject({ stage: "dial", permanent: false, smtpCode: 0, secode: "", lines: [] });
    expect(err.message).toBe(`dial 127.0.0.1:${port}: ECONNREFUSED, transient`);
  });

  it("connects through a SOCKS5 proxy, which resolves the host name", async () => {
    const { port, seen } = await startServer();
    const proxy = await socksProxy();
    const session = await open(options(port, { ip: undefined, socks: { host: "127.0.0.1", port: proxy.port } }));
    expect(proxy.requests).toEqual([`mx.test:${port}`]);
    expect((await session.send(tx(["a@mx.test"])))[0]!.ok).toBe(true);
    expect(seen.messages).toHaveLength(1);
  });

  it("sends IPv4 and IPv6 addresses to the SOCKS5 proxy as such, and reports its refusal", async () => {
    const proxy = await socksProxy(true);
    const err = await openError(options(2525, { socks: { host: "127.0.0.1", port: proxy.port } }));
    expect(proxy.requests).toEqual(["127.0.0.1:2525"]);
    expect(err).toMatchObject({ stage: "dial", permanent: false, smtpCode: 0 });
    expect(err.message).toBe(`dial 127.0.0.1:2525 through socks proxy 127.0.0.1:${proxy.port}: socks proxy: connection refused, transient`);

    const v6 = await openError(options(2525, { ip: "2001:db8::ffff:1.2.3.4", socks: { host: "127.0.0.1", port: proxy.port } }));
    expect(proxy.requests[1]).toBe("20010db8000000000000ffff01020304:2525");
    expect(v6.message).toMatch(/^dial \[2001:db8::ffff:1\.2\.3\.4\]:2525 through socks proxy/);
  });
});

describe("parseReply", () => {
  it("reads code, enhanced code and lines", () => {
    expect(parseReply("550 5.1.1 no such user")).toEqual({ code: 550, secode: "1.1", lines: ["550 5.1.1 no such user"] });
    expect(parseReply("452-4.5.3 too many\n452 4.5.3 recipients")).toEqual({ code: 452, secode: "5.3", lines: ["452-4.5.3 too many", "452 4.5.3 recipients"] });
    expect(parseReply("554 5.7.30 REQUIRETLS needed").secode).toBe("7.30");
    // No enhanced code, or one of another class.
    expect(parseReply("550 no such user")).toMatchObject({ code: 550, secode: "" });
    expect(parseReply("451 5.1.1 mismatch")).toMatchObject({ code: 451, secode: "" });
    expect(parseReply("garbage")).toMatchObject({ code: 0, secode: "" });
  });
});

describe("SCRAM", () => {
  it("matches RFC 7677's SCRAM-SHA-256 example", async () => {
    const scram = new ScramClient("sha256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    expect(scram.clientFirst()).toBe("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    const serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    expect(await scram.clientFinal(serverFirst)).toBe(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    );
    expect(() => scram.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")).not.toThrow();
    expect(() => scram.verifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")).toThrow(/signature/);
    expect(() => scram.verifyServerFinal("e=invalid-proof")).toThrow(/invalid-proof/);
  });

  it("matches RFC 5802's SCRAM-SHA-1 example", async () => {
    const scram = new ScramClient("sha1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
    const serverFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
    expect(await scram.clientFinal(serverFirst)).toBe("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    expect(() => scram.verifyServerFinal("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")).not.toThrow();
  });

  it("refuses a server nonce that does not extend the client's", async () => {
    const scram = new ScramClient("sha256", "user", "pencil", "abc");
    await expect(scram.clientFinal("r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")).rejects.toThrow(/nonce/);
  });

  it("runs the SMTP exchange through nodemailer's customAuth interface, against a SCRAM server side", async () => {
    const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
    const salted = crypto.pbkdf2Sync("pencil", salt, 4096, 32, "sha256");
    const hmac = (key: Buffer, text: string) => crypto.createHmac("sha256", key).update(text).digest();
    const b64 = (text: string) => Buffer.from(text).toString("base64");
    const unb64 = (text: string) => Buffer.from(text, "base64").toString();
    const reply = (command: string, status: number, text: string): CustomAuthenticationResponse => ({ command, response: `${status} ${text}`, status, text });

    const sent: string[] = [];
    let clientFirstBare = "";
    let serverFirst = "";
    const sendCommand = async (cmd: string): Promise<CustomAuthenticationResponse> => {
      sent.push(cmd);
      if (sent.length === 1) {
        expect(cmd).toMatch(/^AUTH SCRAM-SHA-256 /);
        clientFirstBare = unb64(cmd.split(" ")[2]!).replace(/^n,,/, "");
        serverFirst = `r=${/r=([^,]+)/.exec(clientFirstBare)![1]}srv,s=${salt.toString("base64")},i=4096`;
        return reply(cmd, 334, b64(serverFirst));
      }
      if (sent.length === 2) {
        const clientFinal = unb64(cmd);
        const authMessage = `${clientFirstBare},${serverFirst},${clientFinal.replace(/,p=.*$/, "")}`;
        const storedKey = crypto.createHash("sha256").update(hmac(salted, "Client Key")).digest();
        const signature = hmac(storedKey, authMessage);
        const clientKey = Buffer.from(Buffer.from(/,p=(.*)$/.exec(clientFinal)![1]!, "base64").map((b, i) => b ^ signature[i]!));
        if (!crypto.createHash("sha256").update(clientKey).digest().equals(storedKey)) return reply(cmd, 535, "5.7.8 bad proof");
        return reply(cmd, 334, b64(`v=${hmac(hmac(salted, "Server Key"), authMessage).toString("base64")}`));
      }
      return reply(cmd, 235, "2.7.0 authenticated");
    };
    const ctx = { auth: { credentials: { user: "user", pass: "pencil" } }, method: "SCRAM-SHA-256", sendCommand } as unknown as CustomAuthenticationContext;
    await scramAuthHandlers()["SCRAM-SHA-256"]!(ctx);
    expect(sent).toHaveLength(3);
    expect(sent[2]).toBe("");
  });
});
