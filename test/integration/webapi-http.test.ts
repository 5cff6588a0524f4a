// Spec 12.1 items 1-4 and acceptance 4: routing, status codes, authentication, the failed-auth limiter,
// protocol errors and hostile input, against a real HTTP server on loopback.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import http from "node:http";
import { basic, call, multipart, post, startWebapi, type WebapiServer } from "../helpers/webapi";
import { PASSWORD_NORMALISED, PASSWORD_RAW, webapiSuite } from "../helpers/webapi-fixture";

const t = webapiSuite();
// A second server that takes the client IP from X-Forwarded-For, so limiter tests choose their networks.
let forwarded: WebapiServer;

beforeAll(async () => {
  forwarded = await startWebapi(t.db, { trustForwarded: true });
});

afterAll(async () => {
  await forwarded.close();
});

const get = (path: string, method = "GET") => fetch(`${t.api.url}${path}`, { method, redirect: "manual" });

// A random public-looking IPv4 address in its own /21, so limiter tests do not share networks.
function randomIp(): string {
  const b = () => Math.floor(Math.random() * 250) + 1;
  return `${b()}.${b()}.${b() & 0xf8}.${b()}`;
}

function expectApiError(r: { status: number; contentType: string; json: () => unknown }, code: string): void {
  expect(r.status).toBe(400);
  expect(r.contentType).toBe("application/json; charset=utf-8");
  const body = r.json() as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["Code", "Message"]);
  expect(body.Code).toBe(code);
  expect(typeof body.Message).toBe("string");
}

describe("routing", () => {
  it("answers each path and method as mox does", async () => {
    const root = await get("/webapi/");
    expect(root.status).toBe(303);
    expect(root.headers.get("location")).toBe("/webapi/v0/");
    expect((await get("/webapi")).status).toBe(301);
    const postRoot = await get("/webapi/", "POST");
    expect(postRoot.status).toBe(405);
    expect(await postRoot.text()).toBe("405 - method not allow\n");

    const index = await get("/webapi/v0/");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const indexHtml = await index.text();
    const listed = [...indexHtml.matchAll(/<li><a href="(\w+)">/g)].map((m) => m[1]);
    expect(listed).toEqual([
      "MessageDelete",
      "MessageFlagsAdd",
      "MessageFlagsRemove",
      "MessageGet",
      "MessageMove",
      "MessagePartGet",
      "MessageRawGet",
      "Send",
      "SuppressionAdd",
      "SuppressionList",
      "SuppressionPresent",
      "SuppressionRemove",
    ]);
    expect(index.headers.get("x-frame-options")).toBe("deny");
    expect(index.headers.get("x-content-type-options")).toBe("nosniff");

    expect((await get("/webapi/other/")).status).toBe(404);
    const sendPage = await get("/webapi/v0/Send");
    expect(sendPage.status).toBe(200);
    const sendHtml = await sendPage.text();
    expect(sendHtml).toContain("WebAPI - Method Send");
    expect(sendHtml).toContain('<textarea name="request"');
    expect(sendHtml).toContain("&quot;SaveSent&quot;: true");
    const rawPage = await (await get("/webapi/v0/MessageRawGet")).text();
    expect(rawPage).toContain("Method has a non-JSON response.");
    expect((await get("/webapi/v0/Bogus")).status).toBe(404);
    expect((await get("/webapi/v0/Send/")).status).toBe(404);
    expect((await get("/webapi/v0/send")).status).toBe(404);
    const put = await get("/webapi/v0/Send", "PUT");
    expect(put.status).toBe(405);
    expect(await put.text()).toBe("405 - method not allowed - use get or post\n");
  });

  it("asks for basic auth on a POST without credentials", async () => {
    const r = await fetch(`${t.api.url}/webapi/v0/Send`, { method: "POST" });
    expect(r.status).toBe(401);
    expect(r.headers.get("www-authenticate")).toBe("Basic realm=webapi");
    expect(await r.text()).toBe("401 - unauthorized - use http basic auth with email address as username\n");
  });
});

describe("authentication", () => {
  // The limiter counts in fixed minutes of the wall clock; a test that crossed into the next minute half-way
  // would see its counts start again. Each starts early enough in a minute to finish within it.
  beforeEach(async () => {
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
  });
  const withIp = (ip: string, authorization?: string) =>
    post(`${forwarded.url}/webapi/v0/SuppressionList`, {
      auth: authorization,
      contentType: "application/x-www-form-urlencoded",
      body: "request={}",
      headers: { "X-Forwarded-For": `${ip}, 10.0.0.1` },
    });

  it("logs in with the raw and the normalised password and with catchall variants", async () => {
    for (const a of [basic(t.fx.mjl.address, PASSWORD_RAW), basic(t.fx.mjl.address, PASSWORD_NORMALISED), basic(`mjl+anything@${t.fx.domain}`, PASSWORD_RAW), basic(`MJL@${t.fx.domain.toUpperCase()}`, PASSWORD_RAW), basic(`møx@${t.fx.domain}`, PASSWORD_RAW)]) {
      const r = await call(t.api, a, "SuppressionList", {});
      expect(r.status).toBe(200);
      expect(r.json()).toEqual({ Suppressions: [] });
    }
  });

  it("does not count missing credentials, and limits wrong passwords per IP", async () => {
    const ip = randomIp();
    for (let i = 0; i < 11; i++) expect((await withIp(ip)).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await withIp(ip, basic(t.fx.mjl.address, "wrong password"))).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[20]).toBe(429);
    // Correct credentials are refused too while the limit holds.
    const limited = await withIp(ip, basic(t.fx.mjl.address, PASSWORD_RAW));
    expect(limited.status).toBe(429);
    expect(limited.body.toString()).toBe("429 - too many auth attempts\n");
    // Another network is not affected.
    expect((await withIp(randomIp(), basic(t.fx.mjl.address, PASSWORD_RAW))).status).toBe(200);
  });

  it("counts unknown users and domains, and resets the IP's count on success", async () => {
    const ip = randomIp();
    for (const user of ["nobody@" + t.fx.domain, "mjl@unknown.example", "not an address"]) {
      expect((await withIp(ip, basic(user, PASSWORD_RAW))).status).toBe(401);
    }
    for (let i = 0; i < 6; i++) expect((await withIp(ip, basic(t.fx.mjl.address, "wrong"))).status).toBe(401);
    expect((await withIp(ip, basic(t.fx.mjl.address, PASSWORD_RAW))).status).toBe(200);
    // The nine failures are gone: ten more are allowed before the limiter steps in.
    for (let i = 0; i < 10; i++) expect((await withIp(ip, basic(t.fx.mjl.address, "wrong"))).status).toBe(401);
    expect((await withIp(ip, basic(t.fx.mjl.address, "wrong"))).status).toBe(429);
  });

  it("limits a /26 network at 30 failures per minute", async () => {
    const [a, b, c] = randomIp().split(".");
    const statuses: number[] = [];
    // Four addresses in one /26, each below its own limit of ten.
    for (let host = 1; host <= 4; host++) {
      for (let i = 0; i < 8; i++) statuses.push((await withIp(`${a}.${b}.${c}.${host}`, basic(t.fx.mjl.address, "wrong"))).status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it("refuses logins of a disabled account with 401", async () => {
    await t.db.account.update({ where: { name: t.fx.other.name }, data: { loginDisabled: "suspended" } });
    const r = await call(t.api, basic(t.fx.other.address, PASSWORD_RAW), "SuppressionList", {});
    expect(r.status).toBe(401);
    expect(r.body.toString()).toBe("401 - unauthorized - login is disabled for this account\n");
    await t.db.account.update({ where: { name: t.fx.other.name }, data: { loginDisabled: "" } });
  });

  it("answers 500 when behind a proxy that sends no X-Forwarded-For", async () => {
    const r = await post(`${forwarded.url}/webapi/v0/SuppressionList`, { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: "request={}" });
    expect(r.status).toBe(500);
    expect(r.body.toString()).toBe("500 - internal server error - cannot find remote ip\n");
  });
});

describe("protocol errors", () => {
  const url = () => `${t.api.url}/webapi/v0/SuppressionList`;

  it("rejects bodies that are not a form with a JSON object in request", async () => {
    expectApiError(await post(url(), { auth: t.auth, contentType: "application/json", body: "{}" }), "protocol");
    expectApiError(await post(url(), { auth: t.auth, body: "request={}" , headers: { "Content-Type": "" } }), "protocol");
    expectApiError(await post(url(), { auth: t.auth, contentType: "multipart/form-data; boundary=x", body: "garbage" }), "protocol");
    expectApiError(await post(url(), { auth: t.auth, contentType: "multipart/form-data", body: "garbage" }), "protocol");
    expectApiError(await post(url(), { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: "%%%garbage" }), "protocol");
    expectApiError(await post(url(), { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: "" }), "protocol");
    expectApiError(await post(url(), { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: "request=notjson" }), "protocol");
    expectApiError(await post(url(), { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: "request=[]" }), "protocol");
    expectApiError(await post(url(), { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: "request=null" }), "protocol");
  });

  it("rejects unknown fields and wrong types, and matches keys case-insensitively", async () => {
    const unknown = await call(t.api, t.auth, "SuppressionPresent", { EmailAddress: "a@b.example", Bogus: 1 });
    expectApiError(unknown, "protocol");
    expect((unknown.json() as { Message: string }).Message).toContain('unknown field "Bogus"');
    expectApiError(await call(t.api, t.auth, "SuppressionPresent", { EmailAddress: 1 }), "protocol");
    expectApiError(await call(t.api, t.auth, "MessageGet", { MsgID: 1.5 }), "protocol");
    expectApiError(await call(t.api, t.auth, "MessageGet", { MsgID: 1e300 }), "protocol");
    const proto = await post(`${t.api.url}/webapi/v0/MessageGet`, { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: `request=${encodeURIComponent('{"__proto__":{"MsgID":1}}')}` });
    expectApiError(proto, "protocol");
    const lower = await call(t.api, t.auth, "SuppressionPresent", { emailaddress: "a@b.example" });
    expect(lower.status).toBe(200);
    expect(lower.json()).toEqual({ Present: false });
    // null takes the zero value, as in Go.
    expectApiError(await call(t.api, t.auth, "SuppressionPresent", { EmailAddress: null }), "badAddress");
  });

  it("refuses text PostgreSQL cannot store (a NUL, a lone surrogate) as a user error, naming the field", async () => {
    const nul = await call(t.api, t.auth, "SuppressionAdd", { EmailAddress: "nul@remote.example", Manual: true, Reason: "a\u0000b" });
    expectApiError(nul, "user");
    expect((nul.json() as { Message: string }).Message).toContain("Reason");
    expectApiError(await call(t.api, t.auth, "SuppressionPresent", { EmailAddress: "lone\ud800@remote.example" }), "user");
    expectApiError(await call(t.api, t.auth, "MessageMove", { MsgID: 1, DestMailboxName: "box\udc00" }), "user");
    const extra = await call(t.api, t.auth, "Send", { To: [{ Address: "x@remote.example" }], Text: "x", Extra: { key: "v\u0000" } });
    expectApiError(extra, "user");
    expect((extra.json() as { Message: string }).Message).toContain("Extra.key");
  });

  it("never answers 500 to hostile input", async () => {
    const garbage = Buffer.alloc(10 * 1024 * 1024, "x");
    const huge = await post(url(), { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: Buffer.concat([Buffer.from("request="), garbage]) });
    expectApiError(huge, "protocol");
    const badUtf8 = await post(url(), { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: "request=%7B%22EmailAddress%22%3A%22%FF%FE%22%7D" });
    expectApiError(badUtf8, "protocol");
    const rawUtf8 = multipart([{ name: "request", data: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }]);
    expectApiError(await post(url(), { auth: t.auth, contentType: rawUtf8.contentType, body: rawUtf8.body }), "protocol");
    const deep = '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000);
    expectApiError(await post(url(), { auth: t.auth, contentType: "application/x-www-form-urlencoded", body: `request=${deep}` }), "protocol");
    // Over the 100 KiB test limit once composed, and over the upload cap before that.
    const request = JSON.stringify({ To: [{ Address: "x@remote.example" }], Text: "x" });
    for (const size of [300 * 1024, 3 * 1024 * 1024]) {
      const tooBig = multipart([{ name: "request", data: request }, { name: "attachedfile", filename: "big.bin", data: Buffer.alloc(size) }]);
      expectApiError(await post(`${t.api.url}/webapi/v0/Send`, { auth: t.auth, contentType: tooBig.contentType, body: tooBig.body }), "messageTooLarge");
    }
  });

  it("refuses uploads by their encoded size as they arrive, and answers on the same connection", async () => {
    const request = JSON.stringify({ To: [{ Address: "x@remote.example" }], Text: "x" });
    // 90 KiB of files encode to 120 KiB, over the 100 KiB limit, in a body well under the upload cap.
    const files = multipart([{ name: "request", data: request }, { name: "attachedfile", filename: "a.bin", data: Buffer.alloc(45 * 1024) }, { name: "inlinefile", filename: "b.bin", data: Buffer.alloc(45 * 1024) }]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await rawPost(agent, files.contentType, [files.body]);
    expect(first.status).toBe(400);
    expect(JSON.parse(first.body)).toMatchObject({ Code: "messageTooLarge", Message: expect.stringMatching(/^uploaded files encode to more than \d+ bytes/) });
    const again = await rawPost(agent, files.contentType, [files.body]);
    expect(again.socketReused).toBe(true);
    agent.destroy();
  });

  it("answers a chunked upload past the upload cap before closing the connection", async () => {
    // A field that is not kept, so that only the cap on the whole body applies.
    const head = multipart([{ name: "request", data: "{}" }, { name: "padding", data: "" }]);
    const opening = head.body.subarray(0, head.body.lastIndexOf("\r\n--"));
    const chunks = [opening, ...Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024))];
    const answer = await rawPost(undefined, head.contentType, chunks);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ Code: "messageTooLarge", Message: expect.stringMatching(/^request body larger than/) });
  });
});

// A POST through node:http, written chunk by chunk without a Content-Length when there are several chunks; it
// settles on the answer even when the server stops reading the rest of the body.
function rawPost(agent: http.Agent | undefined, contentType: string, chunks: Buffer[]): Promise<{ status: number; body: string; socketReused: boolean }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${t.api.url}/webapi/v0/Send`);
    const headers: http.OutgoingHttpHeaders = { Authorization: t.auth, "Content-Type": contentType };
    if (chunks.length === 1) headers["Content-Length"] = chunks[0]!.length;
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), socketReused: req.reusedSocket }));
    });
    req.on("error", (err) => (req.writableEnded ? undefined : reject(err)));
    void (async () => {
      for (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
      }
      req.end();
    })();
  });
}
