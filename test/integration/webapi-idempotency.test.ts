// Idempotent Send (issue 19, acceptance 5): the Idempotency-Key header over real HTTP to the webapi, with the
// queue and the key table read back from PostgreSQL.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { createAccount } from "../../server/provision/account";
import { deleteExpiredIdempotencyKeys } from "../../server/webapi/idempotent-send";
import { unique } from "../helpers/env";
import { basic, call, multipart, post, type CallResult } from "../helpers/webapi";
import { PASSWORD_RAW, webapiSuite } from "../helpers/webapi-fixture";

const t = webapiSuite();

const RECIPIENT = "rcpt@remote.example";
const request = (subject: string, extra: object = {}) => ({ To: [{ Address: RECIPIENT }], Subject: subject, Text: "Hello.\n", ...extra });
const send = (req: unknown, key?: string, auth = t.auth) => call(t.api, auth, "Send", req, key === undefined ? undefined : { "Idempotency-Key": key });
const queued = (subject: string) => t.db.queueMessage.count({ where: { subject } });
const replayed = (r: CallResult) => r.headers.get("idempotent-replayed");
const keyRows = (key: string) => t.db.sendIdempotencyKey.findMany({ where: { key } });

function ok(r: CallResult): { MessageID: string; Submissions: { QueueMsgID: number }[] } {
  if (r.status !== 200) throw new Error(`status ${r.status}: ${r.body.toString()}`);
  return r.json() as { MessageID: string; Submissions: { QueueMsgID: number }[] };
}

function expectUserError(r: CallResult, message: RegExp): void {
  expect(r.status, r.body.toString()).toBe(400);
  const body = r.json() as { Code: string; Message: string };
  expect(body.Code).toBe("user");
  expect(body.Message).toMatch(message);
}

// node:http, so a test chooses the exact header lines (fetch joins repeats into one and trims nothing).
function rawSend(headerValues: string[]): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({ request: JSON.stringify(request(unique("raw"))) }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.api.url}/webapi/v0/Send`, { method: "POST" }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on("error", reject);
    req.setHeader("Authorization", t.auth);
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Idempotency-Key", headerValues);
    req.end(body);
  });
}

describe("Idempotency-Key on Send", () => {
  it("answers a repeat with the first answer, marked replayed, and queues nothing new", async () => {
    const subject = unique("repeat");
    const key = unique("key");
    const first = await send(request(subject), key);
    const sent = ok(first);
    expect(replayed(first)).toBeNull();
    expect(await queued(subject)).toBe(1);

    const again = await send(request(subject), key);
    expect(again.status).toBe(200);
    expect(replayed(again)).toBe("true");
    expect(again.contentType).toBe("application/json; charset=utf-8");
    expect(again.body.equals(first.body)).toBe(true);
    // The same request written differently (key case, order, explicit defaults) is the same request.
    const rewritten = await send({ text: "Hello.\n", SUBJECT: subject, to: [{ address: RECIPIENT, Name: "" }], CC: null, SaveSent: false }, key);
    expect(replayed(rewritten)).toBe("true");
    expect(ok(rewritten)).toEqual(sent);
    expect(await queued(subject)).toBe(1);
    // Without the header, the same request is queued again, as mox does.
    ok(await send(request(subject)));
    expect(await queued(subject)).toBe(2);
  });

  it("queues exactly one message for ten concurrent Sends with one key, and gives all ten the same answer", async () => {
    const subject = unique("concurrent");
    const key = unique("key");
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(request(subject), key)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const bodies = new Set(answers.map((a) => a.body.toString()));
    expect(bodies.size).toBe(1);
    expect(answers.filter((a) => replayed(a) === "true")).toHaveLength(9);
    expect(await queued(subject)).toBe(1);
    const [row] = await t.db.queueMessage.findMany({ where: { subject } });
    expect(ok(answers[0]!).Submissions[0]!.QueueMsgID).toBe(Number(row!.id));
  });

  it("refuses the key with a different request, and counts files in the request", async () => {
    const subject = unique("different");
    const key = unique("key");
    ok(await send(request(subject), key));
    const other = await send(request(`${subject}-changed`), key);
    expectUserError(other, new RegExp(`^Idempotency-Key "${key}" was used for a different request within the last 24 h`));
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(await queued(`${subject}-changed`)).toBe(0);

    const withFile = (data: string) => {
      const form = multipart([
        { name: "request", data: JSON.stringify(request(`${subject}-file`)) },
        { name: "attachedfile", filename: "a.txt", headers: { "Content-Type": "text/plain" }, data },
      ]);
      return post(`${t.api.url}/webapi/v0/Send`, { auth: t.auth, contentType: form.contentType, body: form.body, headers: { "Idempotency-Key": `${key}-file` } });
    };
    ok(await withFile("first bytes"));
    expect(replayed(await withFile("first bytes"))).toBe("true");
    expectUserError(await withFile("other bytes"), /was used for a different request/);
    expect(await queued(`${subject}-file`)).toBe(1);
  });

  it("keeps keys per account", async () => {
    const subject = unique("accounts");
    const key = unique("key");
    const mine = ok(await send(request(subject), key));
    const theirs = await send(request(subject), key, basic(t.fx.other.address, PASSWORD_RAW));
    expect(replayed(theirs)).toBeNull();
    expect(ok(theirs).Submissions[0]!.QueueMsgID).not.toBe(mine.Submissions[0]!.QueueMsgID);
    expect(await queued(subject)).toBe(2);
    expect(await keyRows(key)).toHaveLength(2);
  });

  it("refuses a key that is not 1 to 255 printable ASCII characters, or given twice", async () => {
    const cases: [string[], RegExp][] = [
      [[""], /^Idempotency-Key header is empty; it must be 1 to 255 printable ASCII characters$/],
      [["k".repeat(256)], /^Idempotency-Key header is 256 characters long; at most 255 are allowed$/],
      [["tab\there"], /^Idempotency-Key header has byte 0x09 at position 4; only printable ASCII \(0x20 to 0x7E\) is allowed$/],
      // Sent as UTF-8, whose first byte is the one named.
      [["caf\u00e9"], /^Idempotency-Key header has byte 0xC3 at position 4/],
      [["one", "two"], /^Idempotency-Key header given 2 times; give it once$/],
    ];
    for (const [values, message] of cases) {
      const r = await rawSend(values);
      expect(r.status, JSON.stringify(values)).toBe(400);
      expect(JSON.parse(r.body)).toEqual({ Code: "user", Message: expect.stringMatching(message) });
    }
    // The longest key, with every printable character but space at its ends (HTTP trims those).
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join("").trim();
    const longest = printable.padEnd(255, "x");
    expect((await rawSend([longest])).status).toBe(200);
    expect(await keyRows(longest)).toHaveLength(1);
  });

  it("forgets a key after 24 hours, and upkeep removes it", async () => {
    const subject = unique("expiry");
    const key = unique("key");
    ok(await send(request(subject), key));
    await t.db.sendIdempotencyKey.updateMany({ where: { key }, data: { created: new Date(Date.now() - 24 * 3600_000 - 1000) } });
    // Expired: the same request is queued again, and so is a different one.
    const again = await send(request(subject), key);
    expect(replayed(again)).toBeNull();
    ok(again);
    expect(await queued(subject)).toBe(2);
    expect(replayed(await send(request(subject), key))).toBe("true");
    expect(await queued(subject)).toBe(2);

    await t.db.sendIdempotencyKey.updateMany({ where: { key }, data: { created: new Date(Date.now() - 24 * 3600_000 - 1000) } });
    ok(await send(request(`${subject}-other`), key));
    expect(await queued(`${subject}-other`)).toBe(1);

    const old = unique("key");
    ok(await send(request(`${subject}-old`), old));
    await t.db.sendIdempotencyKey.updateMany({ where: { key: old }, data: { created: new Date(Date.now() - 24 * 3600_000 - 1000) } });
    expect(await deleteExpiredIdempotencyKeys(t.db)).toBeGreaterThanOrEqual(1);
    expect(await keyRows(old)).toHaveLength(0);
    expect(await keyRows(key)).toHaveLength(1);
  });

  it("does not remember a failed Send: the same key runs again", async () => {
    const subject = unique("failed");
    const key = unique("key");
    // Refused inside the transaction that claimed the key: mjl may send 30 messages a day.
    const tooMany = request(subject, { To: Array.from({ length: 31 }, (_, i) => ({ Address: `r${i}@remote.example` })) });
    const refused = await send(tooMany, key);
    expect((refused.json() as { Code: string }).Code).toBe("messageLimitReached");
    // Refused before it: a From address of another account.
    const badFrom = await send(request(subject, { From: [{ Address: t.fx.other.address }] }), key);
    expect((badFrom.json() as { Code: string }).Code).toBe("badFrom");
    expect(await keyRows(key)).toHaveLength(0);
    expect(await queued(subject)).toBe(0);

    const retried = await send(request(subject), key);
    expect(replayed(retried)).toBeNull();
    ok(retried);
    expect(await queued(subject)).toBe(1);
  });

  it("remembers a Send that queued its message but could not keep the Sent copy", async () => {
    const name = unique("quota");
    const address = `${name}@${t.fx.domain}`;
    const account = await createAccount(t.db, { name, address, password: PASSWORD_RAW });
    await t.db.account.update({ where: { id: account.id }, data: { quotaMessageSize: 1 } });
    const subject = unique("overquota");
    const key = unique("key");
    const auth = basic(address, PASSWORD_RAW);
    const first = await send(request(subject, { SaveSent: true }), key, auth);
    expect(first.status).toBe(400);
    expect((first.json() as { Code: string }).Code).toBe("sentOverQuota");
    const again = await send(request(subject, { SaveSent: true }), key, auth);
    expect(replayed(again)).toBe("true");
    expect(again.status).toBe(400);
    expect(again.body.equals(first.body)).toBe(true);
    expect(await queued(subject)).toBe(1);
  });
});
