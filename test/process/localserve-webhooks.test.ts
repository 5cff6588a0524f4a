// Acceptance: end to end in localserve. With mox@localhost's webhooks pointed at a receiver on 127.0.0.1 (set
// with the CLI, as a user would), a Send to mox@localhost gives an outgoing "delivered" hook and an incoming
// hook, and a Send to xpermerror@localhost a "failed" hook with Suppressing true, each within two seconds.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabase } from "../../server/db/url";
import { adminDatabaseUrl, redisPrefix, redisUrl, unique } from "../helpers/env";
import { startHookReceiver, type HookReceiver, type ReceivedHook } from "../helpers/hook-receiver";
import { createDatabase, dropDatabase } from "../helpers/pg";
import { runMailroom, startLocalserve, type Running } from "../helpers/process";
import { basic, post } from "../helpers/webapi";
import { until } from "../helpers/wait";

const dbName = unique("mailroom_lshooks").toLowerCase();
const AUTH = "Bearer localserve-test";
let localserve: Running;
let receiver: HookReceiver;
let env: NodeJS.ProcessEnv;
let webPort: number;
let workdir: string;

beforeAll(async () => {
  await createDatabase(adminDatabaseUrl(), dbName);
  workdir = await mkdtemp(path.join(os.tmpdir(), "mailroom-lshooks-"));
  receiver = await startHookReceiver();
  ({ running: localserve, env, webPort } = await startLocalserve({
    databaseUrl: withDatabase(adminDatabaseUrl(), dbName),
    redisUrl: redisUrl(),
    redisPrefix: `${redisPrefix()}-lshooks`,
    dataDir: path.join(workdir, "data"),
  }));
  for (const args of [
    ["webhook", "outgoing", "mox", "--url", receiver.url("/outgoing"), "--authorization", AUTH],
    ["webhook", "incoming", "mox", "--url", receiver.url("/incoming"), "--authorization", AUTH],
  ]) {
    const r = await runMailroom(args, env);
    expect(r.code, r.stderr).toBe(0);
  }
});

afterAll(async () => {
  await localserve?.stop();
  await receiver?.close();
  await dropDatabase(adminDatabaseUrl(), dbName);
  await rm(workdir, { recursive: true, force: true });
});

async function send(to: string, subject: string): Promise<number> {
  const request = JSON.stringify({ To: [{ Address: to }], Subject: subject, Text: "hi" });
  const r = await post(`http://127.0.0.1:${webPort}/webapi/v0/Send`, {
    auth: basic("mox@localhost", "moxmoxmox"),
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ request }).toString(),
  });
  expect(r.status).toBe(200);
  return (r.json() as { Submissions: { QueueMsgID: number }[] }).Submissions[0]!.QueueMsgID;
}

// The hook on path whose payload matches, waited for up to two seconds after the Send began.
function hookWithin(began: number, pathname: string, match: (payload: Record<string, unknown>) => boolean): Promise<ReceivedHook> {
  return until(async () => receiver.received.find((r) => r.path === pathname && match(JSON.parse(r.body))), 2000 - (Date.now() - began), `hook on ${pathname}`);
}

describe("localserve webhooks", () => {
  it("posts delivered and incoming hooks for a Send to mox@localhost within two seconds", async () => {
    const subject = unique("subject");
    const began = Date.now();
    const queueMsgId = await send("mox@localhost", subject);
    const [outgoing, incoming] = await Promise.all([
      hookWithin(began, "/outgoing", (p) => p.QueueMsgID === queueMsgId),
      hookWithin(began, "/incoming", (p) => p.Subject === subject),
    ]);
    expect(Date.now() - began).toBeLessThan(2000);
    expect(JSON.parse(outgoing.body)).toMatchObject({ Version: 0, Event: "delivered", DSN: false, Suppressing: false, QueueMsgID: queueMsgId, Subject: subject, SMTPCode: 250, SMTPEnhancedCode: "2.0.0", Error: "" });
    expect(JSON.parse(incoming.body)).toMatchObject({
      Version: 0,
      Subject: subject,
      From: [{ Address: "mox@localhost" }],
      Text: "hi\n",
      Meta: { RcptTo: "mox@localhost", MailboxName: "Inbox", MailFrom: "mox@localhost" },
    });
    for (const h of [outgoing, incoming]) {
      expect(h.headers.authorization).toBe(AUTH);
      expect(h.attempt).toBe(1);
    }
  });

  it("posts a failed hook with Suppressing true for a Send to xpermerror@localhost within two seconds", async () => {
    const began = Date.now();
    const queueMsgId = await send("xpermerror@localhost", unique("subject"));
    const failed = await hookWithin(began, "/outgoing", (p) => p.QueueMsgID === queueMsgId);
    expect(Date.now() - began).toBeLessThan(2000);
    expect(JSON.parse(failed.body)).toMatchObject({ Event: "failed", Suppressing: true, SMTPCode: 550, SMTPEnhancedCode: "5.1.1" });
  });

  it("lists the retired hooks with the CLI", async () => {
    const r = await runMailroom(["webhook", "retired", "--account", "mox"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(3);
    expect(r.stdout).toMatch(/\tdelivered\t.*\/outgoing/);
  });
});
