import { afterAll, describe, expect, it } from "vitest";
import { verifyPassword } from "../../server/auth/password";
import { LOCALSERVE, provisionLocalserve } from "../../server/provision/localserve";
import { quietLogger, testDb } from "../helpers/env";

const db = testDb();
afterAll(() => db.$disconnect());

describe("provisionLocalserve", () => {
  it("creates the localserve defaults once and leaves later changes alone", async () => {
    await provisionLocalserve(db, quietLogger());
    await provisionLocalserve(db, quietLogger());

    const domain = await db.domain.findUniqueOrThrow({ where: { name: "localhost" } });
    expect(domain.localpartCatchallSeparators).toEqual(["+"]);
    const account = await db.account.findUniqueOrThrow({
      where: { name: "mox" },
      include: { credential: true, addresses: true, mailboxes: true },
    });
    expect(account.keepRetiredMessagePeriodSec).toBe(72 * 3600);
    expect(account.keepRetiredWebhookPeriodSec).toBe(72 * 3600);
    expect(account.addresses.map((a) => a.localpart)).toEqual(["mox"]);
    expect(account.mailboxes.map((m) => m.name).sort()).toEqual(["Archive", "Drafts", "Inbox", "Junk", "Sent", "Trash"]);
    expect(await verifyPassword(LOCALSERVE.password, account.credential!.passwordHash)).toBe(true);
    const admin = await db.adminCredential.findUniqueOrThrow({ where: { id: 1 } });
    expect(await verifyPassword("moxadmin", admin.passwordHash)).toBe(true);

    // One ed25519 key that signs; later starts keep it, even when it no longer signs.
    const keys = await db.dkimKey.findMany({ where: { domainId: domain.id } });
    expect(keys.map((k) => [k.algorithm, k.sign])).toEqual([["ed25519", true]]);
    await db.dkimKey.update({ where: { id: keys[0]!.id }, data: { sign: false } });

    await db.account.update({ where: { name: "mox" }, data: { fullName: "Changed" } });
    await provisionLocalserve(db, quietLogger());
    expect((await db.account.findUniqueOrThrow({ where: { name: "mox" } })).fullName).toBe("Changed");
    expect(await db.domain.count({ where: { name: "localhost" } })).toBe(1);
    expect(await db.dkimKey.findMany({ where: { domainId: domain.id }, select: { publicKeyDns: true, sign: true } })).toEqual([{ publicKeyDns: keys[0]!.publicKeyDns, sign: false }]);
  });
});
