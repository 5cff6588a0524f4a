import { afterAll, describe, expect, it } from "vitest";
import { deleteExpiredAuthState } from "../../server/auth/cleanup";
import { testDb, unique } from "../helpers/env";

const db = testDb();
afterAll(() => db.$disconnect());

describe("deleteExpiredAuthState", () => {
  it("removes expired sessions and old failed-auth windows, and keeps current ones", async () => {
    const now = new Date("2030-01-10T12:00:00Z");
    const live = unique("live");
    const dead = unique("dead");
    await db.webSession.createMany({
      data: [
        { id: live, kind: "admin", csrfToken: "x", expires: new Date(now.getTime() + 60_000) },
        { id: dead, kind: "admin", csrfToken: "x", expires: new Date(now.getTime() - 60_000) },
      ],
    });
    const net = unique("192.0.2.0/");
    await db.authFailureCount.createMany({
      data: [
        { network: net, window: "day", windowStart: new Date("2030-01-10T00:00:00Z"), count: 3 },
        { network: net, window: "day", windowStart: new Date("2030-01-01T00:00:00Z"), count: 3 },
      ],
    });
    const removed = await deleteExpiredAuthState(db, now);
    expect(removed.sessions).toBeGreaterThanOrEqual(1);
    expect(removed.authFailures).toBeGreaterThanOrEqual(1);
    expect(await db.webSession.findUnique({ where: { id: live } })).not.toBeNull();
    expect(await db.webSession.findUnique({ where: { id: dead } })).toBeNull();
    expect((await db.authFailureCount.findMany({ where: { network: net } })).map((r) => r.windowStart.toISOString())).toEqual([
      "2030-01-10T00:00:00.000Z",
    ]);
  });
});
