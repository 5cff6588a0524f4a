// The real-world corpus (test/fixtures/bounces) through the whole post-processing: each message is stored twice,
// once to a fromid address matching a retired message (an outgoing event, classified) and once to a plain
// address (an incoming-message hook), and processed without one exception.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../server/db/client";
import { deliverReceived } from "../../server/incoming/deliver";
import { processIncoming, type IncomingDeps } from "../../server/incoming/process";
import { systemClock } from "../../server/runtime/clock";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { prepareMessage } from "../../server/store/message-append";
import { quietLogger, testDb, unique } from "../helpers/env";
import { insertRetiredMessage } from "../helpers/queue-rows";

const dir = fileURLToPath(new URL("../fixtures/bounces/", import.meta.url));
const files = readdirSync(dir).filter((n) => n.endsWith(".eml")).sort();
const expected = JSON.parse(readFileSync(`${dir}expected.json`, "utf8")) as Record<string, { event: string; dsn: boolean; code: number; secode: string }>;

let db: Db;
let domain: string;
let account: string;
let accountId: number;
let deps: IncomingDeps;
const facts = { mailFrom: "", mailFromValidated: false, msgFromValidated: false, dkimVerifiedDomains: [], remoteIp: "127.0.0.1" };

beforeAll(async () => {
  db = testDb();
  domain = `${unique("corpus")}.example`.toLowerCase();
  await createDomain(db, { name: domain, catchallSeparators: ["+"] });
  account = unique("corpus");
  accountId = (await createAccount(db, { name: account, address: `sender@${domain}` })).id;
  await db.account.update({ where: { id: accountId }, data: { outgoingWebhookUrl: "http://127.0.0.1:9/out", incomingWebhookUrl: "http://127.0.0.1:9/in" } });
  deps = { db, clock: systemClock, logger: quietLogger(), retry: async () => undefined };
});

afterAll(() => db.$disconnect());

async function deliver(raw: Buffer, rcptTo: string): Promise<bigint> {
  const [id] = await deliverReceived(db, prepareMessage(raw), Buffer.from(""), [{ accountId, mailbox: "Inbox", rcptTo }], facts, new Date());
  return id!;
}

describe("bounce corpus through post-processing", () => {
  it.each(files)("%s", async (name) => {
    const raw = readFileSync(`${dir}${name}`);
    const fromId = unique("fid");
    const retiredId = await insertRetiredMessage(db, { fromId, senderAccount: account, senderDomainStr: domain, recipientDomain: "remote.example" });

    expect(await processIncoming(deps, await deliver(raw, `sender+${fromId}@${domain}`))).toBe("matched");
    const [hook] = await db.webhook.findMany({ where: { queueMsgId: retiredId } });
    const payload = JSON.parse(hook!.payload) as { Event: string; DSN: boolean; SMTPCode: number; SMTPEnhancedCode: string };
    const want = expected[name];
    if (want) {
      expect({ event: payload.Event, dsn: payload.DSN, code: payload.SMTPCode }).toEqual({ event: want.event, dsn: want.dsn, code: want.code });
      expect(payload.SMTPEnhancedCode).toBe(want.secode && want.code ? `${Math.floor(want.code / 100)}.${want.secode}` : "");
    }

    const plainId = await deliver(raw, `sender@${domain}`);
    expect(await processIncoming(deps, plainId)).toBe("incoming");
    const incoming = await db.webhook.findFirstOrThrow({ where: { account, isIncoming: true, payload: { contains: `"MsgID":${plainId},` } } });
    const body = JSON.parse(incoming.payload) as { Meta: { MsgID: number }; Structure: { ContentType: string } };
    expect(body.Meta.MsgID).toBe(Number(plainId));
    expect(body.Structure.ContentType).toMatch(/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/);
    expect(await db.message.count({ where: { id: { in: [plainId] }, accountId, expunged: false } })).toBe(1);
  });
});
