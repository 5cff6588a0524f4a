// Acceptance: the README's curl examples work verbatim against localserve. They are read from the README,
// only the address is pointed at this test's port, and run with bash in order.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { withDatabase } from "../../server/db/url";
import { codeBlocks, readmeMarked } from "../helpers/readme";
import { adminDatabaseUrl, redisPrefix, redisUrl } from "../helpers/env";
import { freePort } from "../helpers/net";
import { createDatabase, dropDatabase } from "../helpers/pg";
import { baseEnv, startMailroom, type Running } from "../helpers/process";
import { until } from "../helpers/wait";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const dbName = `mailroom_readme_${Date.now()}_${process.pid}`;

let localserve: Running;
let db: Db;
let port: number;
let smtpPort: number;
let submissionPort: number;
let workdir: string;
let databaseUrl: string;

beforeAll(async () => {
  await createDatabase(adminDatabaseUrl(), dbName);
  databaseUrl = withDatabase(adminDatabaseUrl(), dbName);
  workdir = await mkdtemp(path.join(os.tmpdir(), "mailroom-readme-"));
  port = await freePort();
  smtpPort = await freePort();
  submissionPort = await freePort();
  localserve = startMailroom(
    ["localserve"],
    baseEnv({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl(),
      MAILROOM_REDIS_PREFIX: redisPrefix(),
      MAILROOM_LISTEN: "127.0.0.1",
      MAILROOM_WEB_PORT: String(port),
      MAILROOM_SMTP_PORT: String(smtpPort),
      MAILROOM_SUBMISSION_PORT: String(submissionPort),
      MAILROOM_SUBMISSIONS_PORT: String(await freePort()),
      MAILROOM_METRICS_PORT: String(await freePort()),
      MAILROOM_DATA_DIR: path.join(workdir, "data"),
    }),
  );
  await localserve.waitForLog((l) => l.msg === "localserve started");
  db = createDb(databaseUrl, 2);
});

afterAll(async () => {
  await localserve?.stop();
  await db?.$disconnect();
  await dropDatabase(adminDatabaseUrl(), dbName);
  await rm(workdir, { recursive: true, force: true });
});

async function readmeExamples(marker: "webapi-examples" | "smtp-examples" | "apikey-examples"): Promise<string[]> {
  return codeBlocks(await readmeMarked(marker), "sh").map((block) =>
    block
      .replaceAll("http://localhost:1080", `http://127.0.0.1:${port}`)
      .replaceAll("smtp://localhost:1025", `smtp://127.0.0.1:${smtpPort}`)
      .replaceAll("smtp://localhost:1587", `smtp://127.0.0.1:${submissionPort}`)
      .replaceAll("npx mailroom", `node ${path.join(root, "bin/mailroom.mjs")}`),
  );
}

const inboxMessage = (subject: string, extra: object = {}) =>
  db.message.findFirst({ where: { subject, mailbox: { name: "Inbox" }, ...extra }, include: { content: true } });

describe("README webapi examples", () => {
  it("run against localserve and do what they say; localserve delivers into the sender's account", async () => {
    const blocks = await readmeExamples("webapi-examples");
    expect(blocks).toHaveLength(7);
    const outputs: string[] = [];
    const sentAt: number[] = [];
    for (const block of blocks) {
      const { stdout } = await run("bash", ["-e", "-o", "pipefail", "-c", block], { cwd: workdir });
      sentAt.push(Date.now());
      expect(stdout, block).not.toContain('"Code"');
      outputs.push(stdout);
    }
    const [plain, uploads, base64, messages, suppressions, failing, retried] = outputs as [string, string, string, string, string, string, string];
    expect(JSON.parse(plain)).toMatchObject({ Submissions: [{ Address: "mox@localhost", QueueMsgID: 1, FromID: "" }] });
    expect(JSON.parse(uploads).Submissions[0].QueueMsgID).toBe(2);
    expect(JSON.parse(base64).Submissions[0].QueueMsgID).toBe(3);
    expect(JSON.parse(failing).Submissions[0].QueueMsgID).toBe(4);
    // The same answer twice, the second marked replayed.
    const [firstTry, firstMark, secondTry, secondMark] = retried.trimEnd().split("\n");
    expect(JSON.parse(firstTry!).Submissions[0].QueueMsgID).toBe(5);
    expect([firstMark, secondTry, secondMark]).toEqual(["replayed: ", firstTry, "replayed: true"]);
    expect(messages).toContain('"Subject":"hello ☺"');
    expect(messages).toContain("Hi there.\r\n");
    expect(suppressions).toContain('"BaseAddress":"bounces@example.org"');
    expect(suppressions).toContain('{"Present":true}');

    // Delivered into mox's own Inbox: the first message within a second of its Send.
    const delivered = await until(() => inboxMessage("hello ☺"), 1000, "the first message in the Inbox");
    expect(delivered.received.getTime() - sentAt[0]!).toBeLessThan(1000);
    expect(delivered).toMatchObject({ rcptTo: "mox@localhost", mailFromValidated: true, dsn: false });
    const uploaded = await until(() => inboxMessage("with files"), 5000, "the upload message");
    const raw = Buffer.from(uploaded.content!.raw).toString();
    expect(raw).toContain("Content-ID: <dot>");
    expect(raw).toContain("Content-Type: image/gif");
    expect(raw).toMatch(/Content-Disposition: attachment; filename=report\.csv/);
    await until(() => inboxMessage("report"), 5000, "the base64 message");

    // xpermerror@localhost fails for good: a failure DSN in the Inbox, a suppression, a failed retired message.
    const dsn = await until(() => inboxMessage("mail delivery failed", { dsn: true }), 5000, "the failure DSN");
    expect(Buffer.from(dsn.content!.raw).toString()).toContain("Final-Recipient: rfc822;xpermerror@localhost");
    await until(() => db.retiredMessage.findFirst({ where: { subject: "receipt for order 17" } }), 5000, "the retried message's delivery");
    const suppression = await db.suppression.findFirstOrThrow({ where: { account: "mox" } });
    expect(suppression).toMatchObject({ baseAddress: "xpermerror@localhost", manual: false });

    const retired = await db.retiredMessage.findMany({ orderBy: { id: "asc" } });
    expect(retired.map((r) => [r.subject, r.success])).toEqual([["hello ☺", true], ["with files", true], ["report", true], ["will fail", false], ["receipt for order 17", true]]);
    expect(await db.queueMessage.count()).toBe(0);
    const sent = await db.message.findUniqueOrThrow({ where: { id: 1n }, include: { mailbox: true } });
    expect(sent).toMatchObject({ mailbox: { name: "Archive" }, flagged: true, keywords: ["important"], seen: true });
  });

  it("SMTP examples: a submission with extra data and a message from outside both reach mox's Inbox", async () => {
    const blocks = await readmeExamples("smtp-examples");
    expect(blocks).toHaveLength(2);
    for (const block of blocks) await run("bash", ["-e", "-o", "pipefail", "-c", block], { cwd: workdir });
    const submitted = await until(() => inboxMessage("submitted with curl"), 5000, "the submitted message in the Inbox");
    expect(submitted.mailFrom).toBe("mox@localhost");
    const retired = await until(() => db.retiredMessage.findFirst({ where: { subject: "submitted with curl" } }), 5000, "the retired submission");
    expect(retired).toMatchObject({ success: true, extra: { "Order-Id": "17" } });
    const incoming = await until(() => inboxMessage("from outside"), 5000, "the incoming message");
    expect(incoming).toMatchObject({ mailFrom: "someone@example.org", rcptTo: "mox@localhost", mailFromValidated: false, remoteIp: "127.0.0.1" });
    // Both were post-processed by the worker: no task is left.
    await until(async () => (await db.incomingTask.count()) === 0, 5000, "post-processing of both");
  });

  it("API key examples: a suppressions-only key lists suppressions, may not send, and is revoked", async () => {
    const [block] = await readmeExamples("apikey-examples");
    const { stdout } = await run("bash", ["-e", "-o", "pipefail", "-c", block!], { cwd: workdir, env: baseEnv({ DATABASE_URL: databaseUrl }) });
    const [key, ...rest] = stdout.split("\n");
    expect(key).toMatch(/^mrk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(rest.join("\n")).toMatch(/API key shop of mox[^]*\nnewsletter\t[^]*\nshop\t[^]*\n\{"Suppressions":\[[^]*\n401 - unauthorized - this API key may not send; its scopes are: suppressions\nAPI key newsletter of mox revoked/);
    expect((await db.apiKey.findMany()).map((k) => [k.name, k.scopes, k.domains])).toEqual([["shop", ["send"], ["localhost"]]]);
  });
});
