// The admin operations on the webhook queue (spec 2.7; scenario 12.2 TestHookListFilterSort and the admin steps
// of TestFromIDIncomingDelivery): filters, keyset pagination, reschedule and cancel. In a database of its own,
// because the queue size and an empty filter concern every hook.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { settableClock } from "../../server/runtime/clock";
import { hookCancel, hookList, hookNextAttemptAdd, hookNextAttemptSet, hookQueueSize, hookRetiredList, type HookAdminDeps } from "../../server/webhook/admin";
import { hookFilterSchema, hookRetiredFilterSchema, hookRetiredSortSchema, hookSortSchema, type HookRetiredSort, type HookSort } from "../../server/webhook/hook-filter";
import { goTime } from "../../server/webhook/payload-json";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { hookAccount } from "../helpers/webhook";

let db: Db;
let drop: () => Promise<void>;
let deps: HookAdminDeps & { clock: ReturnType<typeof settableClock> };
beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_hookadmin");
  db = createDb(isolated.url, 2);
  drop = isolated.drop;
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

const NOW = new Date("2030-05-01T12:00:00Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

beforeEach(async () => {
  await db.webhook.deleteMany();
  await db.retiredWebhook.deleteMany();
  deps = { db, clock: settableClock(NOW) };
});

type Row = { id: bigint };
const ids = (rows: Row[]) => rows.map((r) => r.id);

async function insertHook(account: string, fields: { submitted: Date; nextAttempt: Date; outgoingEvent?: string; isIncoming?: boolean }): Promise<bigint> {
  const h = await db.webhook.create({
    data: { account, url: "http://127.0.0.1:9/hook", isIncoming: fields.isIncoming ?? false, outgoingEvent: fields.outgoingEvent ?? "", payload: "{}", submitted: fields.submitted, nextAttempt: fields.nextAttempt },
  });
  return h.id;
}

// Five hooks with the same times and one submitted earlier but due later, as mox's test has them.
async function sixHooks(account: string): Promise<{ all: bigint[]; special: bigint }> {
  const all: bigint[] = [];
  for (let i = 0; i < 5; i++) all.push(await insertHook(account, { submitted: at(0), nextAttempt: at(0), outgoingEvent: "failed" }));
  const special = await insertHook(account, { submitted: at(-2000), nextAttempt: at(2000), outgoingEvent: "delivered" });
  return { all: [...all, special], special };
}

// Walks the list a row at a time with the keyset, as a "Load more" button would.
async function pages<T extends Row>(list: (sort: { lastId?: bigint; last?: string }) => Promise<T[]>, key: (r: T) => Date): Promise<bigint[]> {
  const seen: bigint[] = [];
  let last: T | undefined;
  for (;;) {
    const page = await list(last ? { lastId: last.id, last: goTime(key(last)) } : {});
    if (page.length === 0) return seen;
    expect(page).toHaveLength(1);
    last = page[0]!;
    seen.push(last.id);
  }
}

type PageSort<F> = { field: F; asc: boolean; lastId?: bigint; last?: string };

// For each field and direction, pages of one row reproduce the full listing's order.
async function expectPagesReproduceOrder<F extends string, T extends Row>(
  fields: F[],
  list: (sort: PageSort<F>, max: number) => Promise<T[]>,
  key: (r: T, field: F) => Date,
): Promise<void> {
  for (const field of fields) {
    for (const asc of [true, false]) {
      const full = ids(await list({ field, asc }, 0));
      const paged = await pages((s) => list({ field, asc, ...s }, 1), (r) => key(r, field));
      expect(paged, `${field} ${asc ? "asc" : "desc"}`).toEqual(full);
    }
  }
}

describe("hook listing", () => {
  it("orders by (NextAttempt, ID) or (Submitted, ID) both ways, filters on every field, and pages by keyset", async () => {
    const { name } = await hookAccount(db, {});
    const { all, special } = await sixHooks(name);
    const five = all.slice(0, 5);
    const list = (sort: HookSort, max = 0) => hookList(deps, { max }, sort);

    expect(ids(await list({ asc: true }))).toEqual([...five, special]);
    expect(ids(await list({ field: "NextAttempt", asc: false }))).toEqual([special, ...[...five].reverse()]);
    expect(ids(await list({ field: "Submitted", asc: false }))).toEqual([...[...five].reverse(), special]);
    expect(ids(await list({ field: "Submitted", asc: true }))).toEqual([special, ...five]);

    const filter = hookFilterSchema.parse({ max: 2, ids: all.map(String), account: name, submitted: "<1s", nextAttempt: ">1s", event: "delivered" });
    expect(ids(await hookList(deps, filter, {}))).toEqual([special]);

    await expectPagesReproduceOrder(["NextAttempt", "Submitted"], (sort, max) => list(hookSortSchema.parse(sort), max), (r, field) =>
      field === "NextAttempt" ? r.nextAttempt : r.submitted,
    );
  });

  it('selects incoming hooks with Event "incoming" and outgoing ones by their event', async () => {
    const { name } = await hookAccount(db, {});
    const incoming = await insertHook(name, { submitted: at(0), nextAttempt: at(0), isIncoming: true });
    const failed = await insertHook(name, { submitted: at(0), nextAttempt: at(0), outgoingEvent: "failed" });
    expect(ids(await hookList(deps, { event: "incoming" }, {}))).toEqual([incoming]);
    expect(ids(await hookList(deps, { event: "failed" }, {}))).toEqual([failed]);
    expect(await hookQueueSize(deps)).toBe(2);
    expect(() => hookFilterSchema.parse({ event: "bounced" })).toThrow();
    expect(() => hookFilterSchema.parse({ nextAttempt: "1h" })).toThrow(/must start with/);
  });

  it("lists retired hooks by (LastActivity, ID) both ways with a full filter and keyset pages", async () => {
    const { name } = await hookAccount(db, { keepRetiredWebhookPeriodSec: 3600 });
    const { all, special } = await sixHooks(name);
    // Canceling retires them with LastActivity now; the special one then gets a later LastActivity.
    expect(await hookCancel(deps, {})).toBe(6);
    await db.retiredWebhook.update({ where: { id: special }, data: { lastActivity: at(2000) } });
    const five = all.slice(0, 5);
    const list = (sort: HookRetiredSort, max = 0) => hookRetiredList(deps, { max }, sort);

    expect(ids(await list({}))).toEqual([special, ...[...five].reverse()]);
    expect(ids(await list({ asc: true }))).toEqual([...five, special]);
    const filter = hookRetiredFilterSchema.parse({ max: 2, ids: all.map(String), account: name, submitted: "<1s", lastActivity: ">1s", event: "delivered" });
    expect(ids(await hookRetiredList(deps, filter, {}))).toEqual([special]);
    await expectPagesReproduceOrder(["LastActivity", "Submitted"], (sort, max) => list(hookRetiredSortSchema.parse(sort), max), (r, field) =>
      field === "LastActivity" ? r.lastActivity : r.submitted,
    );
  });
});

describe("hook changes", () => {
  it("sets and moves the next attempt of the selected hooks", async () => {
    const { name } = await hookAccount(db, {});
    const id = await insertHook(name, { submitted: at(0), nextAttempt: at(30 * 60_000) });
    const other = await insertHook(name, { submitted: at(0), nextAttempt: at(30 * 60_000), outgoingEvent: "delayed" });
    const due = () => hookList(deps, { nextAttempt: "<now" }, {});

    expect(await hookNextAttemptSet(deps, { ids: [id] }, 1)).toBe(1);
    expect((await db.webhook.findUnique({ where: { id } }))!.nextAttempt).toEqual(at(60_000));
    expect(await due()).toEqual([]);
    expect(await hookNextAttemptAdd(deps, { ids: [id] }, -1)).toBe(1);
    expect((await db.webhook.findUnique({ where: { id } }))!.nextAttempt).toEqual(at(0));
    deps.clock.advance(1);
    expect(ids(await due())).toEqual([id]);
    expect((await db.webhook.findUnique({ where: { id: other } }))!.nextAttempt).toEqual(at(30 * 60_000));
    await expect(hookNextAttemptSet(deps, {}, 1.5)).rejects.toThrow(/whole number/);
  });

  it("cancels: the hook leaves the queue and, when kept, is retired as failed with a 'canceled by admin' result", async () => {
    const kept = await hookAccount(db, { keepRetiredWebhookPeriodSec: 60 });
    const notKept = await hookAccount(db, {});
    const a = await insertHook(kept.name, { submitted: at(0), nextAttempt: at(0) });
    const b = await insertHook(notKept.name, { submitted: at(0), nextAttempt: at(0) });
    expect(await hookCancel(deps, {})).toBe(2);
    expect(await hookQueueSize(deps)).toBe(0);
    const r = (await db.retiredWebhook.findUnique({ where: { id: a } }))!;
    expect(r).toMatchObject({ success: false, lastActivity: NOW, keepUntil: at(60_000) });
    expect(r.results).toEqual([{ Start: goTime(NOW), Duration: 0, URL: "", Success: false, Code: 0, Error: "canceled by admin", Response: "" }]);
    expect(await db.retiredWebhook.findUnique({ where: { id: b } })).toBeNull();
    expect(await hookCancel(deps, {})).toBe(0);
  });

  it("hides the Authorization value in listings", async () => {
    const { name } = await hookAccount(db, {});
    await db.webhook.create({ data: { account: name, url: "http://127.0.0.1:9/x", authorization: "Basic c2VjcmV0", isIncoming: true, payload: "{}", submitted: NOW, nextAttempt: NOW } });
    const [row] = await hookList(deps, {}, {});
    expect(row).toMatchObject({ hasAuthorization: true });
    expect(row).not.toHaveProperty("authorization");
  });
});
