import { afterAll, describe, expect, it } from "vitest";
import { LoginVerifier } from "../../server/auth/login";
import { verifyPassword } from "../../server/auth/password";
import { sqlPool } from "../../server/db/client";
import { createAccount, setAccountPassword } from "../../server/provision/account";
import { changeFlags, moveMessage } from "../../server/store/account-messages";
import { createDomain } from "../../server/store/domains";
import { appendMessage, prepareMessage } from "../../server/store/message-append";
import { testDb, unique } from "../helpers/env";

const db = testDb();
afterAll(() => db.$disconnect());

describe("domains and accounts", () => {
  it("creates a domain with both name forms and refuses a duplicate", async () => {
    const label = unique("d");
    const d = await createDomain(db, { name: `☺${label}.Example`, catchallSeparators: ["+"] });
    expect(d.name).toBe(`xn--${d.name.slice(4)}`);
    expect(d.unicodeName).toBe(`☺${label}.example`);
    await expect(createDomain(db, { name: d.unicodeName })).rejects.toMatchObject({ code: "exists" });
    await expect(createDomain(db, { name: "bad..name" })).rejects.toMatchObject({ code: "badDomain" });
  });

  it("creates an account with its address, six mailboxes and a password, all or nothing", async () => {
    const domain = await createDomain(db, { name: `${unique("d")}.example`, catchallSeparators: ["+"] });
    const name = unique("acct");
    const account = await createAccount(db, { name, address: `Alice+tag@${domain.name}`, password: "secret-pw", fullName: "Alice" });
    const address = await db.address.findFirstOrThrow({ where: { accountId: account.id } });
    expect(address.localpart).toBe("alice");
    const boxes = await db.mailbox.findMany({ where: { accountId: account.id }, orderBy: { id: "asc" } });
    expect(boxes.map((b) => [b.name, b.specialUse])).toEqual([
      ["Inbox", null],
      ["Sent", "sent"],
      ["Drafts", "drafts"],
      ["Archive", "archive"],
      ["Trash", "trash"],
      ["Junk", "junk"],
    ]);
    const cred = await db.credential.findUniqueOrThrow({ where: { accountId: account.id } });
    expect(await verifyPassword("secret-pw", cred.passwordHash)).toBe(true);

    await expect(createAccount(db, { name, address: `other@${domain.name}` })).rejects.toMatchObject({ code: "exists" });
    await expect(createAccount(db, { name: unique("b"), address: `ALICE@${domain.name}` })).rejects.toMatchObject({ code: "exists" });
    await expect(createAccount(db, { name: unique("c"), address: "x@no-such-domain.example" })).rejects.toMatchObject({ code: "unknownDomain" });
    await expect(createAccount(db, { name: "bad name", address: `y@${domain.name}` })).rejects.toMatchObject({ code: "badAccountName" });
  });

  it("sets a password on an existing account only", async () => {
    const domain = await createDomain(db, { name: `${unique("d")}.example` });
    const name = unique("acct");
    await createAccount(db, { name, address: `bob@${domain.name}` });
    await setAccountPassword(db, name, "new-password");
    const account = await db.account.findUniqueOrThrow({ where: { name }, include: { credential: true } });
    expect(await verifyPassword("new-password", account.credential!.passwordHash)).toBe(true);
    await expect(setAccountPassword(db, unique("missing"), "x-password")).rejects.toMatchObject({ code: "unknownAccount" });
  });
});

describe("mailbox UIDs", () => {
  it("go up by one in each mailbox, whether a message is stored or moved in", async () => {
    const domain = await createDomain(db, { name: `${unique("d")}.example` });
    const account = await createAccount(db, { name: unique("acct"), address: `carol@${domain.name}` });
    const box = async (name: string) => db.mailbox.findFirstOrThrow({ where: { accountId: account.id, name } });
    const [inbox, archive] = [await box("Inbox"), await box("Archive")];
    const store = (mailboxId: number) =>
      appendMessage(sqlPool(db), prepareMessage(Buffer.from("Subject: uid\r\n\r\nbody\r\n")), { accountId: account.id, mailboxId, prefix: Buffer.alloc(0), flags: {}, keywords: [], facts: {} });
    const uidOf = async (id: bigint) => (await db.message.findUniqueOrThrow({ where: { id } })).uid;

    const first = await store(inbox.id);
    const archived = await store(archive.id);
    expect([await uidOf(first), await uidOf(archived)]).toEqual([1, 1]);
    await moveMessage(db, account.id, archived, "INBOX");
    expect(await uidOf(archived)).toBe(2);
    expect(await uidOf(await store(inbox.id))).toBe(3);
    expect((await box("Inbox")).uidNext).toBe(4);

    await moveMessage(db, account.id, first, "Trash");
    const trashed = await db.message.findUniqueOrThrow({ where: { id: first } });
    expect([trashed.uid, trashed.seen, (await box("Trash")).uidNext]).toEqual([1, true, 2]);
  });
});

describe("flags", () => {
  it("loses no keyword when many clients add and remove flags on one message at once", async () => {
    const domain = await createDomain(db, { name: `${unique("d")}.example` });
    const account = await createAccount(db, { name: unique("acct"), address: `dana@${domain.name}` });
    const inbox = await db.mailbox.findFirstOrThrow({ where: { accountId: account.id, name: "Inbox" } });
    const id = await appendMessage(sqlPool(db), prepareMessage(Buffer.from("Subject: flags\r\n\r\nbody\r\n")), { accountId: account.id, mailboxId: inbox.id, prefix: Buffer.alloc(0), flags: {}, keywords: ["old1", "old2"], facts: {} });
    const added = Array.from({ length: 20 }, (_, i) => `k${i}`);
    await Promise.all([
      ...added.map((k) => changeFlags(db, account.id, id, [k, "\\Seen"], true)),
      changeFlags(db, account.id, id, ["old1"], false),
    ]);
    const row = await db.message.findUniqueOrThrow({ where: { id } });
    expect([...row.keywords].sort()).toEqual([...added, "old2"].sort());
    expect(row.seen).toBe(true);
    expect([...(await db.mailbox.findUniqueOrThrow({ where: { id: inbox.id } })).keywords].sort()).toEqual(expect.arrayContaining(added));
  });
});

describe("password logins", () => {
  it("verify a password for unknown users too, so a wrong password takes as long whether the user exists or not", async () => {
    const domain = await createDomain(db, { name: `${unique("d")}.example` });
    await createAccount(db, { name: unique("acct"), address: `erin@${domain.name}`, password: "erin-password" });
    const checked: string[] = [];
    const logins = new LoginVerifier(db, async (password, hash) => {
      checked.push(hash);
      return verifyPassword(password, hash);
    });
    expect(await logins.verify(`nobody@${domain.name}`, "guess")).toEqual({ ok: false, reason: "badCredentials" });
    expect(await logins.verify("nobody@no-such-domain.example", "guess")).toEqual({ ok: false, reason: "badCredentials" });
    expect(await logins.verify(`erin@${domain.name}`, "guess")).toEqual({ ok: false, reason: "badCredentials" });
    expect(checked).toHaveLength(3);
    // The unknown users were checked against one dummy scrypt hash, the real user against her own.
    expect(checked[0]).toBe(checked[1]);
    expect(checked[0]).toMatch(/^scrypt\$/);
    expect(checked[2]).not.toBe(checked[0]);
  });
});
