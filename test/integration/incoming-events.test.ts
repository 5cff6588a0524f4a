// Queueing the incoming-message webhook (spec 2.6, 2.1; scenario 12.2 item 1). Hooks are due in 2100, so a
// webhook worker running against the shared database leaves them alone.
import { afterAll, describe, expect, it } from "vitest";
import { sqlPool, withSqlTransaction } from "../../server/db/client";
import { parseStructure } from "../../server/message/structure";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { queueIncomingEvent } from "../../server/webhook/incoming-events";
import { incomingPayload, type IncomingMessageFacts } from "../../server/webhook/incoming-payload";
import { testDb, unique } from "../helpers/env";

const db = testDb();
const accounts: string[] = [];
afterAll(async () => {
  await db.webhook.deleteMany({ where: { account: { in: accounts } } });
  await db.$disconnect();
});

const NOW = new Date("2100-01-01T00:00:00.250Z");
const raw = Buffer.from("From: mjl@mox.example\r\nTo: rcpt@mox.example\r\nSubject: test\r\nMessage-ID: <m1@mox.example>\r\n\r\ntest email\r\n");
const structure = parseStructure(raw);
const facts: IncomingMessageFacts = {
  msgId: 123n,
  mailFrom: "sender@remote.example",
  mailFromValidated: true,
  msgFromValidated: false,
  rcptTo: "rcpt@mox.example",
  dkimVerifiedDomains: ["remote.example"],
  remoteIp: "::1",
  received: new Date("2100-01-01T00:00:00Z"),
  mailboxName: "Inbox",
};

async function newAccount(webhook: { incomingWebhookUrl: string; incomingWebhookAuthorization: string }) {
  const domain = await createDomain(db, { name: `${unique("d")}.example` });
  const name = unique("acct");
  accounts.push(name);
  const account = await createAccount(db, { name, address: `rcpt@${domain.name}` });
  await db.account.update({ where: { id: account.id }, data: webhook });
  return account;
}

const hooksOf = (account: string) => db.webhook.findMany({ where: { account } });

describe("queueIncomingEvent", () => {
  it("queues nothing for an account without an incoming webhook URL", async () => {
    const account = await newAccount({ incomingWebhookUrl: "", incomingWebhookAuthorization: "Basic unused" });
    expect(await queueIncomingEvent(sqlPool(db), { accountId: account.id, raw, structure, facts }, NOW)).toBeNull();
    expect(await hooksOf(account.name)).toEqual([]);
  });

  it("queues one incoming hook with the account's URL and Authorization copied", async () => {
    const account = await newAccount({ incomingWebhookUrl: "http://127.0.0.1:9/incoming", incomingWebhookAuthorization: "Basic dXNlcjpwYXNz" });
    const id = await withSqlTransaction(db, (client) => queueIncomingEvent(client, { accountId: account.id, raw, structure, facts }, NOW));
    expect(id).not.toBeNull();

    const hooks = await hooksOf(account.name);
    expect(hooks).toEqual([
      {
        id,
        queueMsgId: 0n,
        fromId: "",
        messageId: "<m1@mox.example>",
        subject: "test",
        extra: {},
        account: account.name,
        url: "http://127.0.0.1:9/incoming",
        authorization: "Basic dXNlcjpwYXNz",
        isIncoming: true,
        outgoingEvent: "",
        payload: incomingPayload(raw, structure, facts).json,
        submitted: NOW,
        attempts: 0,
        nextAttempt: NOW,
        results: [],
      },
    ]);
  });
});
