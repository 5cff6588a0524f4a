// Admin operations on the outgoing queue and retired messages (spec 3.6, 3.7, 4; scenarios 12.4 items 1, 3
// and 5). Rows are due in 2100, by a settable clock, so a delivery loop running against the shared database
// leaves them alone; every filter is scoped to an account of its own.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, sqlPool, type Db } from "../../server/db/client";
import { migrate } from "../../server/db/migrate";
import { withDatabase } from "../../server/db/url";
import { parseGoDuration } from "../../server/listing/go-duration";
import {
  queueHoldSet,
  queueList,
  queueNextAttemptAdd,
  queueNextAttemptSet,
  queueRequireTlsSet,
  queueSize,
  queueTransportSet,
  retiredList,
  selectQueueIds,
  type QueueAdminDeps,
} from "../../server/queue/admin";
import { queueFilterSchema, queueSortSchema, type QueueFilter, type QueueSort, type RetiredSort } from "../../server/queue/filter";
import { CLI_ACTOR } from "../../server/audit/audit-log";
import { holdRuleAdd, holdRuleList, holdRuleRemove } from "../../server/queue/hold-rule-admin";
import { settableClock } from "../../server/runtime/clock";
import { adminDatabaseUrl, testDb, unique } from "../helpers/env";
import { createDatabase, dropDatabase } from "../helpers/pg";
import { insertQueueMessage, insertRetiredMessage } from "../helpers/queue-rows";

const db = testDb();
afterAll(() => db.$disconnect());

const T = new Date("2100-01-01T00:00:00.000Z");
const MIN = 60_000;
const at = (minutes: number) => new Date(T.getTime() + minutes * MIN);

function setup(database: Db = db) {
  const clock = settableClock(T);
  const kick = vi.fn(async () => undefined);
  const deps: QueueAdminDeps = { db: database, clock, kick };
  return { deps, clock, kick };
}

const ids = (rows: { id: bigint }[]) => rows.map((r) => r.id);
const sorted = (list: bigint[]) => [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const held = async (id: bigint) => (await db.queueMessage.findUniqueOrThrow({ where: { id } })).hold;

describe("queue filters (12.4 item 1)", () => {
  const { deps } = setup();
  const account = unique("acct");
  let m1: bigint, m2: bigint, m3: bigint;
  const list = async (filter: QueueFilter) => sorted(ids(await queueList(deps, { account, ...filter }, {})));

  beforeAll(async () => {
    const base = { senderAccount: account, queued: at(-10) };
    m1 = await insertQueueMessage(db, { ...base, nextAttempt: T });
    m2 = await insertQueueMessage(db, { ...base, nextAttempt: at(120), hold: true, recipientLocalpart: "other", recipientDomain: "remote.example" });
    m3 = await insertQueueMessage(db, { ...base, nextAttempt: T, senderLocalpart: "sales", transport: "submit" });
  });

  it("selects by nothing, account and ids", async () => {
    expect(ids(await queueList(deps, {}, {}))).toEqual(expect.arrayContaining([m1, m2, m3]));
    expect(await list({})).toEqual([m1, m2, m3]);
    expect(await list({ account: unique("bogus") })).toEqual([]);
    expect(sorted(ids(await queueList(deps, { ids: [m1, m3] }, {})))).toEqual([m1, m3]);
    const removed = await insertQueueMessage(db, { senderAccount: account, nextAttempt: T });
    await db.queueMessage.delete({ where: { id: removed } });
    expect(await list({ ids: [removed] })).toEqual([]);
    expect(await list({ ids: [0n] })).toEqual([]);
    expect(await list({ max: 2 })).toHaveLength(2);
  });

  it("matches From and To as substrings, either one when both are set", async () => {
    expect(await list({ from: "mjl@" })).toEqual([m1, m2]);
    expect(await list({ from: "bogus@" })).toEqual([]);
    expect(await list({ from: "@MOX.example" })).toEqual([m1, m2, m3]);
    expect(await list({ to: "other@" })).toEqual([m2]);
    expect(await list({ to: "bogus@" })).toEqual([]);
    expect(await list({ from: "sales@", to: "other@" })).toEqual([m2, m3]);
  });

  it("matches hold, transport and times relative to now", async () => {
    expect(await list({ hold: true })).toEqual([m2]);
    expect(await list({ hold: false })).toEqual([m1, m3]);
    expect(await list({ hold: null })).toEqual([m1, m2, m3]);
    expect(await list({ transport: "" })).toEqual([m1, m2]);
    expect(await list({ transport: "bogus" })).toEqual([]);
    expect(await list({ transport: "submit" })).toEqual([m3]);
    expect(await list({ submitted: "<now" })).toEqual([m1, m2, m3]);
    expect(await list({ submitted: ">now" })).toEqual([]);
    expect(await list({ submitted: "<-5m" })).toEqual([m1, m2, m3]);
    expect(await list({ submitted: "< -15m" })).toEqual([]);
    expect(await list({ nextAttempt: "<1m" })).toEqual([m1, m3]);
    expect(await list({ nextAttempt: ">1m" })).toEqual([m2]);
    expect(await list({ nextAttempt: ">1h30m" })).toEqual([m2]);
    // Strictly before and after: m2 is due exactly at now+2h.
    expect(await list({ nextAttempt: ">2h" })).toEqual([]);
    expect(await list({ nextAttempt: "<2h" })).toEqual([m1, m3]);
    expect(await list({ nextAttempt: "<2.5h" })).toEqual([m1, m2, m3]);
  });

  it("rejects time filters that are not <D or >D with a Go duration", async () => {
    for (const bad of ["1h", "<", "<1x", ">1h30", "<yesterday", "=now", "<1 h", "<--1h"]) {
      await expect(queueList(deps, { account, submitted: bad }, {}), bad).rejects.toMatchObject({ code: "user" });
      expect(queueFilterSchema.safeParse({ nextAttempt: bad }).success, bad).toBe(false);
    }
    await expect(queueHoldSet(deps, { account, nextAttempt: "soon" }, true)).rejects.toMatchObject({ code: "user" });
    await expect(retiredList(deps, { account, lastActivity: ">1d" }, {})).rejects.toMatchObject({ code: "user", message: expect.stringContaining("lastActivity") });
    expect(await held(m1)).toBe(false);
  });

  it("sets RequireTLS on the selected messages only", async () => {
    const { deps, kick } = setup();
    expect(await queueRequireTlsSet(deps, { account, ids: [m1] }, true)).toBe(1);
    expect(kick).toHaveBeenCalledTimes(1);
    expect((await db.queueMessage.findUniqueOrThrow({ where: { id: m1 } })).requireTls).toBe(true);
    expect((await db.queueMessage.findUniqueOrThrow({ where: { id: m3 } })).requireTls).toBeNull();
    expect(await queueRequireTlsSet(deps, { account, ids: [m1] }, null)).toBe(1);
    expect((await db.queueMessage.findUniqueOrThrow({ where: { id: m1 } })).requireTls).toBeNull();
    expect(await queueRequireTlsSet(deps, { account: unique("bogus") }, false)).toBe(0);
    expect(kick).toHaveBeenCalledTimes(2);
  });
});

describe("Go durations and filter schemas", () => {
  it("parses Go durations", () => {
    expect(parseGoDuration("1h30m")).toBe(90 * MIN);
    expect(parseGoDuration("1.5h")).toBe(90 * MIN);
    expect(parseGoDuration("-30m")).toBe(-30 * MIN);
    expect(parseGoDuration("+5s")).toBe(5000);
    expect(parseGoDuration("300ms")).toBe(300);
    expect(parseGoDuration(".5s")).toBe(500);
    expect(parseGoDuration("2µs")).toBeCloseTo(0.002);
    expect(parseGoDuration("0")).toBe(0);
    for (const bad of ["", "-", "1", "1d", "h", "1h-30m", ".h", "3000000h"]) expect(() => parseGoDuration(bad), bad).toThrow(/duration/);
  });

  it("parses admin input: ids to bigints, known sort fields only", () => {
    expect(queueFilterSchema.parse({ ids: ["5", 6], submitted: "<-1h", transport: null })).toEqual({ ids: [5n, 6n], submitted: "<-1h", transport: null });
    expect(queueFilterSchema.safeParse({ bogus: 1 }).success).toBe(false);
    expect(queueSortSchema.parse({ field: "Queued", lastId: "7", last: "2100-01-01T00:00:00Z" })).toMatchObject({ lastId: 7n });
    expect(queueSortSchema.safeParse({ field: "LastActivity" }).success).toBe(false);
  });
});

describe("next attempt, max and transport", () => {
  it("adds to and sets the next attempt, by exact times from the clock", async () => {
    const { deps, clock, kick } = setup();
    const id = await insertQueueMessage(db, { senderAccount: unique("acct"), nextAttempt: at(60) });
    const nextAttempt = async () => (await db.queueMessage.findUniqueOrThrow({ where: { id } })).nextAttempt.toISOString();

    expect(await queueNextAttemptAdd(deps, { ids: [0n] }, -10)).toBe(0);
    expect(kick).not.toHaveBeenCalled();
    expect(await queueNextAttemptAdd(deps, { ids: [id] }, -10)).toBe(1);
    expect(await nextAttempt()).toBe(at(50).toISOString());
    expect(kick).toHaveBeenCalledTimes(1);

    expect(await queueNextAttemptSet(deps, { ids: [id] }, 30)).toBe(1);
    expect(await nextAttempt()).toBe(at(30).toISOString());
    clock.advance(5 * MIN + 123);
    expect(await queueNextAttemptSet(deps, { ids: [id] }, 0)).toBe(1);
    expect(await nextAttempt()).toBe(new Date(at(5).getTime() + 123).toISOString());
    expect(kick).toHaveBeenCalledTimes(3);
    await expect(queueNextAttemptAdd(deps, { ids: [id] }, 1.5)).rejects.toMatchObject({ code: "user" });
  });

  it("applies max to the messages due first", async () => {
    const { deps } = setup();
    const account = unique("acct");
    const late = await insertQueueMessage(db, { senderAccount: account, nextAttempt: at(180) });
    const first = await insertQueueMessage(db, { senderAccount: account, nextAttempt: at(60) });
    const second = await insertQueueMessage(db, { senderAccount: account, nextAttempt: at(120) });
    expect(await queueHoldSet(deps, { account, max: 2 }, true)).toBe(2);
    expect([await held(first), await held(second), await held(late)]).toEqual([true, true, false]);
    expect(await selectQueueIds(sqlPool(db), { account, max: 2 }, T)).toEqual([first, second]);
    expect(await selectQueueIds(sqlPool(db), { account, hold: false }, T)).toEqual([late]);
  });

  it("sets a configured transport or default routing, and refuses an unknown one", async () => {
    const { deps, kick } = setup();
    const account = unique("acct");
    const id = await insertQueueMessage(db, { senderAccount: account, nextAttempt: T });
    const transport = unique("relay");
    await db.transport.create({ data: { name: transport, kind: "direct" } });

    await expect(queueTransportSet(deps, { account }, unique("bogus"))).rejects.toMatchObject({ code: "user" });
    expect(kick).not.toHaveBeenCalled();
    expect(await queueTransportSet(deps, { account }, transport)).toBe(1);
    expect(ids(await queueList(deps, { account, transport }, {}))).toEqual([id]);
    expect(kick).toHaveBeenCalledTimes(1);
    expect(await queueTransportSet(deps, { account }, "")).toBe(1);
    expect(ids(await queueList(deps, { account, transport: "" }, {}))).toEqual([id]);
  });
});

describe("hold rules (12.4 item 3)", () => {
  it("holds an account's existing messages, requires all fields of a rule to match, and releases nothing on removal", async () => {
    const { deps, kick } = setup();
    const [a, b, c] = [unique("acct"), unique("acct"), unique("acct")];
    const domain = `${unique("d")}.example`;
    const a1 = await insertQueueMessage(db, { senderAccount: a, nextAttempt: T });
    const b1 = await insertQueueMessage(db, { senderAccount: b, nextAttempt: T, recipientDomain: domain });
    const c1 = await insertQueueMessage(db, { senderAccount: c, nextAttempt: T, recipientDomain: domain });
    const c2 = await insertQueueMessage(db, { senderAccount: c, nextAttempt: T });

    const accountRule = await holdRuleAdd(deps, CLI_ACTOR, { account: a, senderDomain: "", recipientDomain: "" });
    expect(accountRule).toMatchObject({ account: a, senderDomain: "", recipientDomainStr: "", createdAt: T });
    expect([await held(a1), await held(b1), await held(c1)]).toEqual([true, false, false]);
    expect(kick).toHaveBeenCalledTimes(1);

    // For queued messages a rule is AND: account c and the domain; b's message to the domain stays.
    const andRule = await holdRuleAdd(deps, CLI_ACTOR, { account: c, senderDomain: "", recipientDomain: domain.toUpperCase() });
    expect(andRule).toMatchObject({ account: c, recipientDomain: domain, recipientDomainStr: domain });
    expect([await held(b1), await held(c1), await held(c2)]).toEqual([false, true, false]);

    const idn = `☺${unique("d")}.example`;
    const idnRule = await holdRuleAdd(deps, CLI_ACTOR, { account: unique("acct"), senderDomain: idn, recipientDomain: "" });
    expect(idnRule.senderDomain).toMatch(/^xn--[a-z0-9-]+\.example$/);
    expect(idnRule.senderDomainStr).toBe(idn);
    expect(kick).toHaveBeenCalledTimes(2);
    await expect(holdRuleAdd(deps, CLI_ACTOR, { account: "", senderDomain: "bad..domain", recipientDomain: "" })).rejects.toMatchObject({ code: "badDomain" });

    const mine = [accountRule.id, andRule.id, idnRule.id];
    const listed = (await holdRuleList(deps)).filter((r) => mine.includes(r.id));
    expect(listed).toEqual([accountRule, andRule, idnRule]);

    for (const id of mine) await holdRuleRemove(deps, CLI_ACTOR, id);
    expect((await holdRuleList(deps)).filter((r) => mine.includes(r.id))).toEqual([]);
    await expect(holdRuleRemove(deps, CLI_ACTOR, accountRule.id)).rejects.toMatchObject({ code: "user" });
    expect([await held(a1), await held(c1)]).toEqual([true, true]);

    expect(await queueHoldSet(deps, { account: a, hold: true }, false)).toBe(1);
    expect(await held(a1)).toBe(false);
    expect(kick).toHaveBeenCalledTimes(3);
  });

  // An empty rule pauses the whole queue, so it runs in a database of its own.
  describe("an empty rule", () => {
    const name = unique("mailroom_holdrules_").toLowerCase();
    let own: Db;

    beforeAll(async () => {
      await createDatabase(adminDatabaseUrl(), name);
      const url = withDatabase(adminDatabaseUrl(), name);
      await migrate(url);
      own = createDb(url, 2);
    });

    afterAll(async () => {
      await own?.$disconnect();
      await dropDatabase(adminDatabaseUrl(), name);
    });

    it("holds every queued message, and HoldSet(false) releases them with their count", async () => {
      const { deps } = setup(own);
      const x = await insertQueueMessage(own, { senderAccount: "x", nextAttempt: T });
      const y = await insertQueueMessage(own, { senderAccount: "y", senderDomain: "other.example", recipientDomain: "remote.example", nextAttempt: T });
      expect(await queueSize(deps)).toBe(2);
      const rule = await holdRuleAdd(deps, CLI_ACTOR, { account: "", senderDomain: "", recipientDomain: "" });
      expect(await holdRuleList(deps)).toEqual([rule]);
      expect(sorted(ids(await queueList(deps, { hold: true }, {})))).toEqual([x, y]);
      await holdRuleRemove(deps, CLI_ACTOR, rule.id);
      expect(await queueList(deps, { hold: false }, {})).toEqual([]);
      expect(await queueHoldSet(deps, {}, false)).toBe(2);
      expect(await queueList(deps, { hold: true }, {})).toEqual([]);
    });
  });
});

describe("list, sort and pages (12.4 item 5)", () => {
  const { deps } = setup();
  const account = unique("acct");
  let m: bigint[];

  beforeAll(async () => {
    // m5 was queued first but is due last; m2 and m3 are due at the same time, so their ids order them.
    const times: [number, number][] = [[-10, 10], [-9, 11], [-8, 12], [-7, 12], [-6, 14], [-20, 30]];
    m = [];
    for (const [queued, next] of times) m.push(await insertQueueMessage(db, { senderAccount: account, queued: at(queued), nextAttempt: at(next) }));
    await db.queueMessage.update({ where: { id: m[1]! }, data: { results: [{ Start: "x", Success: false, Code: 451, Error: "busy" }], dialedIps: { "mx.mox.example": ["192.0.2.1"] } } });
  });

  const byNextAttempt = () => [m[0], m[1], m[2], m[3], m[4], m[5]];
  const byQueued = () => [m[5], m[0], m[1], m[2], m[3], m[4]];

  it("returns whole rows in UTC with bigint ids and parsed JSON, without the message bytes", async () => {
    const [row] = await queueList(deps, { ids: [m[1]!] }, {});
    expect(row).toMatchObject({ id: m[1], senderAccount: account, queued: at(-9), nextAttempt: at(11), lastAttempt: null, hold: false });
    expect(row!.results).toEqual([{ Start: "x", Success: false, Code: 451, Error: "busy" }]);
    expect(row!.dialedIps).toEqual({ "mx.mox.example": ["192.0.2.1"] });
    expect(typeof row!.size).toBe("bigint");
    expect(typeof row!.contentId).toBe("bigint");
    expect(row).not.toHaveProperty("msgPrefix");
  });

  it("orders by NextAttempt (default) or Queued, descending unless asked", async () => {
    expect(ids(await queueList(deps, { account }, {}))).toEqual(byNextAttempt().reverse());
    expect(ids(await queueList(deps, { account }, { field: "NextAttempt", asc: true }))).toEqual(byNextAttempt());
    expect(ids(await queueList(deps, { account }, { field: "Queued" }))).toEqual(byQueued().reverse());
    expect(ids(await queueList(deps, { account }, { field: "Queued", asc: true }))).toEqual(byQueued());
  });

  const cases: [QueueSort["field"], boolean, () => (bigint | undefined)[]][] = [
    ["NextAttempt", true, byNextAttempt],
    ["NextAttempt", false, () => byNextAttempt().reverse()],
    ["Queued", true, byQueued],
    ["Queued", false, () => byQueued().reverse()],
  ];
  it.each(cases)("pages by %s, ascending %s, after (last, lastId)", async (field, asc, order) => {
    const key = field === "Queued" ? "queued" : "nextAttempt";
    const seen: bigint[] = [];
    let sort: QueueSort = { field, asc };
    // Bounded, so a page that repeats its predecessor fails instead of looping.
    for (let pages = 0; pages < 5; pages++) {
      const page = await queueList(deps, { account, max: 2 }, sort);
      expect(page.length).toBeLessThanOrEqual(2);
      if (page.length === 0) break;
      seen.push(...ids(page));
      const last = page.at(-1)!;
      sort = { field, asc, lastId: last.id, last: last[key].toISOString() };
    }
    expect(seen).toEqual(order());
  });

  it("accepts last as RFC 3339 with nanoseconds or an offset, and rejects a bad sort", async () => {
    const third = m[2]!;
    const expected = [m[3], m[4], m[5]];
    expect(ids(await queueList(deps, { account }, { asc: true, lastId: third, last: "2100-01-01T00:12:00.000000000Z" }))).toEqual(expected);
    expect(ids(await queueList(deps, { account }, { asc: true, lastId: third, last: "2100-01-01T02:12:00+02:00" }))).toEqual(expected);
    // The offset counts: 00:12 at -00:10 is 00:22 UTC, after everything but m5.
    expect(ids(await queueList(deps, { account }, { asc: true, lastId: third, last: "2100-01-01T00:12:00-00:10" }))).toEqual([m[5]]);
    for (const last of [undefined, "", "2100-01-01 00:12:00Z", "2100-02-30T00:00:00Z", "2100-01-01T24:00:00Z", "yesterday"]) {
      await expect(queueList(deps, { account }, { lastId: third, last }), String(last)).rejects.toMatchObject({ code: "user" });
    }
    await expect(queueList(deps, { account }, { field: "Bogus" } as unknown as QueueSort)).rejects.toMatchObject({ code: "user" });
  });

  it("selects exactly one message with every filter field set", async () => {
    const filter: QueueFilter = {
      max: 1, ids: [m[2]!, m[3]!], account, from: "mjl@", to: "mjl@", hold: false, submitted: "<1s", nextAttempt: ">1s", transport: "",
    };
    expect(ids(await queueList(deps, filter, {}))).toEqual([m[3]]);
    expect(ids(await queueList(deps, { ...filter, max: 0 }, {}))).toEqual([m[3], m[2]]);
    expect(ids(await queueList(deps, { ...filter, nextAttempt: ">12m" }, {}))).toEqual([]);
  });
});

describe("retired list (12.4 item 5)", () => {
  const { deps } = setup();
  const account = unique("acct");
  let r: bigint[];

  beforeAll(async () => {
    r = [];
    // Retired in id order, except the last one, which got a late DSN and so the latest activity.
    for (const [activity, success] of [[-40, true], [-30, false], [-20, true], [-5, true]] as const) {
      r.push(await insertRetiredMessage(db, { senderAccount: account, queued: at(activity - 60), lastActivity: at(activity), success, keepUntil: at(10_000) }));
    }
    await db.retiredMessage.update({ where: { id: r[0]! }, data: { lastActivity: at(-1) } });
  });

  it("pages by LastActivity in both directions, and orders by Queued", async () => {
    const byActivity = [r[1], r[2], r[3], r[0]];
    for (const asc of [false, true]) {
      const seen: bigint[] = [];
      let sort: RetiredSort = { asc };
      for (let pages = 0; pages < 4; pages++) {
        const page = await retiredList(deps, { account, max: 3 }, sort);
        if (page.length === 0) break;
        seen.push(...ids(page));
        sort = { asc, lastId: page.at(-1)!.id, last: page.at(-1)!.lastActivity.toISOString() };
      }
      expect(seen).toEqual(asc ? byActivity : [...byActivity].reverse());
    }
    expect(ids(await retiredList(deps, { account }, { field: "Queued", asc: true }))).toEqual(r);
    await expect(retiredList(deps, { account }, { field: "NextAttempt" } as unknown as RetiredSort)).rejects.toMatchObject({ code: "user" });
  });

  it("selects exactly one retired message with every filter field set", async () => {
    const [row] = await retiredList(deps, { ids: [r[2]!] }, {});
    expect(row).toMatchObject({ id: r[2], recipientAddress: "mjl@mox.example", lastActivity: at(-20), queued: at(-80), success: true });
    const filter = {
      max: 1, ids: [r[1]!, r[2]!, r[3]!], account, from: "mjl@", to: "mjl@mox", submitted: "<-1h", lastActivity: "<-10m", transport: "", success: true,
    };
    expect(ids(await retiredList(deps, filter, {}))).toEqual([r[2]]);
    expect(ids(await retiredList(deps, { ...filter, success: false }, {}))).toEqual([r[1]]);
    expect(ids(await retiredList(deps, { ...filter, lastActivity: ">-10m" }, {}))).toEqual([r[3]]);
    expect(ids(await retiredList(deps, { ...filter, from: "bogus@" }, {}))).toEqual([r[2]]);
    expect(ids(await retiredList(deps, { ...filter, from: "bogus@", to: "bogus@" }, {}))).toEqual([]);
  });
});
