// Acceptance of the admin pages in a real browser against localserve: login and its limiter, hold rules and
// the live queue, release by selection and by filter, fail with a DSN, a failing webhook rescheduled,
// canceled and replayed, the message trail; every page scanned by axe and photographed in both themes and
// both sizes.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminBrowser, sweepPages, type AdminBrowser } from "../helpers/admin-browser";
import { newContext } from "../helpers/browser";
import { startHookReceiver, type HookReceiver } from "../helpers/hook-receiver";
import { runMailroom } from "../helpers/process";
import { basic, post } from "../helpers/webapi";
import { startOfFreshMinute, until } from "../helpers/wait";

const TEST_IP = "192.0.2.10";
let suite: AdminBrowser;
let receiver: HookReceiver;
let base: string;
let env: NodeJS.ProcessEnv;
let sql: AdminBrowser["sql"];
let ipCounter = 0;
const nextIp = () => `203.0.${113}.${10 + ipCounter++}`;

beforeAll(async () => {
  receiver = await startHookReceiver();
  suite = await startAdminBrowser("browser");
  ({ base, env, sql } = suite);
}, 300_000);

afterAll(async () => {
  await suite?.close();
  await receiver?.close();
});

async function send(to: string, subject: string): Promise<number> {
  const request = JSON.stringify({ To: [{ Address: to }], Subject: subject, Text: "hi" });
  const r = await post(`${base}/webapi/v0/Send`, {
    auth: basic("mox@localhost", "moxmoxmox"),
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ request }).toString(),
    headers: { "X-Forwarded-For": TEST_IP },
  });
  expect(r.status).toBe(200);
  return (r.json() as { Submissions: { QueueMsgID: number }[] }).Submissions[0]!.QueueMsgID;
}

async function count(query: string, params: unknown[] = []): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(query, params);
  return rows[0]!.n;
}

const loggedIn = (opts: { dark?: boolean; mobile?: boolean } = {}) => suite.loggedIn(opts);

const row = (page: Page, id: number) => page.locator(`tr[data-row-id="${id}"]`);

describe("admin login", () => {
  it("says the password is wrong, and refuses even the right one after too many failures", async () => {
    const context = await newContext(suite.browser, base, nextIp());
    const page = await context.newPage();
    await page.goto("/admin/queue");
    await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fqueue/);
    const password = page.getByLabel("Password");
    await startOfFreshMinute(40_000);
    await password.fill("not-the-password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("wrong password").waitFor();
    expect(await password.getAttribute("aria-invalid")).toBe("true");
    for (let i = 0; i < 9; i++) {
      await password.fill(`wrong-${i}`);
      await Promise.all([page.waitForResponse((r) => r.url().includes("admin.session.login")), page.getByRole("button", { name: "Log in" }).click()]);
      await page.getByRole("button", { name: "Log in" }).waitFor();
    }
    await password.fill("moxadmin");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText(/too many failed logins/).waitFor();
    expect(page.url()).toContain("/admin/login");
    await context.close();
  });
});

describe("queue", () => {
  let page: Page;
  beforeAll(async () => {
    page = await loggedIn();
  });

  it("holds new mail to a domain by rule, shows it live, and releases it by selection to the retired list", async () => {
    await page.goto("/admin/queue");
    await page.getByRole("button", { name: "Add rule" }).click();
    await page.getByLabel("Recipient domain").fill("example.net");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByRole("table", { name: "Hold rules" }).getByText("example.net").waitFor();

    const id = await send("a@example.net", "held by rule");
    // No reload: the live subscription brings the row.
    await row(page, id).waitFor({ timeout: 10_000 });
    expect(await row(page, id).textContent()).toContain("held");
    await row(page, id).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Release" }).click();
    await page.getByText("Released 1 message").waitFor();
    await row(page, id).waitFor({ state: "detached", timeout: 15_000 });

    await page.goto("/admin/queue/retired");
    await row(page, id).waitFor({ timeout: 10_000 });
    expect(await row(page, id).textContent()).toContain("delivered");
  });

  it("releases all 50 held messages by filter after a preview that says 50", async () => {
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => send(`bulk${i}@example.net`, `bulk ${i}`)));
    expect(await count(`SELECT count(*)::int AS n FROM "QueueMessage" WHERE "hold" AND "id" = ANY($1::bigint[])`, [ids])).toBe(50);
    await page.goto("/admin/queue?to=bulk");
    await page.getByLabel("Apply to").selectOption("filter");
    await page.getByRole("option", { name: "all matching the filter (50)" }).waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Release" }).click();
    await page.getByText("Released 50 messages").waitFor();
    await until(async () => (await count(`SELECT count(*)::int AS n FROM "QueueMessage" WHERE "id" = ANY($1::bigint[])`, [ids])) === 0 || undefined, 30_000, "bulk delivery");
    expect(await count(`SELECT count(*)::int AS n FROM "RetiredMessage" WHERE "success" AND "id" = ANY($1::bigint[])`, [ids])).toBe(50);
  });

  it("fails a message after a confirmation, and the sender gets a failure DSN in the Inbox", async () => {
    const id = await send("fail-me@example.net", "to be failed");
    await page.goto("/admin/queue");
    await row(page, id).waitFor();
    await row(page, id).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Fail delivery" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.textContent()).toMatch(/1 message will leave the queue.*failure DSN/);
    await dialog.getByRole("button", { name: "Fail 1 message" }).click();
    await page.getByText("Failed 1 message").waitFor();
    await until(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM "Message" m JOIN "Mailbox" b ON b."id" = m."mailboxId" JOIN "Account" a ON a."id" = m."accountId"
           WHERE a."name" = 'mox' AND b."name" = 'Inbox' AND m."dsn" AND m."subject" ILIKE '%delivery failed%'`,
        )) > 0 || undefined,
      15_000,
      "failure DSN",
    );
    await page.goto("/admin/queue/retired?success=no");
    await row(page, id).waitFor();
  });
});

describe("webhooks", () => {
  let page: Page;
  let messageId: number;
  beforeAll(async () => {
    page = await loggedIn();
    receiver.answer = () => ({ status: 500, body: "receiver is down\n" });
    const r = await runMailroom(["webhook", "outgoing", "mox", "--url", receiver.url("/hooks")], env);
    expect(r.code, r.stderr).toBe(0);
  });

  it("shows a failing webhook's attempts, reschedules and cancels it, and replays it from the retired list", async () => {
    messageId = await send("mox@localhost", "webhook journey");
    const hookId = await until(async () => {
      const { rows } = await sql.query<{ id: string }>(`SELECT "id" FROM "Webhook" WHERE "queueMsgId" = $1 AND "attempts" > 0`, [messageId]);
      return rows[0]?.id;
    }, 20_000, "failed webhook attempt");
    await page.goto("/admin/webhooks");
    const hookRow = page.locator(`tr[data-row-id="${hookId}"]`);
    await hookRow.waitFor();
    expect(await hookRow.textContent()).toMatch(/HTTP 500|500/);
    await hookRow.getByRole("button", { name: /Details/ }).click();
    await page.getByRole("dialog").getByText("receiver is down").first().waitFor();
    await page.keyboard.press("Escape");

    await hookRow.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Schedule" }).click();
    await page.getByRole("menuitem", { name: "1h" }).first().click();
    await page.getByText("Rescheduled 1 webhook").waitFor();
    const { rows: after } = await sql.query<{ nextAttempt: Date }>(`SELECT "nextAttempt" FROM "Webhook" WHERE "id" = $1`, [hookId]);
    expect(after[0]!.nextAttempt.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

    await hookRow.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Cancel 1 webhook" }).click();
    await page.getByText("Canceled 1 webhook").waitFor();

    receiver.answer = () => ({ status: 200, body: "ok\n" });
    const before = receiver.received.length;
    await page.goto("/admin/webhooks/retired");
    const retiredRow = page.locator(`tr[data-row-id="${hookId}"]`);
    await retiredRow.waitFor();
    expect(await retiredRow.textContent()).toContain("failed");
    await retiredRow.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Replay" }).click();
    await page.getByText("Queued 1 webhook again").waitFor();
    const replayed = await until(async () => receiver.received.slice(before).find((h) => h.body.includes('"delivered"')), 15_000, "replayed webhook");
    expect(JSON.parse(replayed.body).QueueMsgID).toBe(messageId);
  });

  it("shows the message trail: submission, attempts and webhook events", async () => {
    await page.goto(`/admin/messages/${messageId}`);
    const trail = page.getByRole("region", { name: "Trail" });
    await trail.getByText("Submitted").waitFor();
    await trail.getByText(/Delivery attempt succeeded/).waitFor();
    await trail.getByText(/Webhook “delivered”/).first().waitFor();
    expect(await trail.textContent()).toContain("receiver is down");
  });
});

describe("every admin page", () => {
  it("passes an axe scan and is photographed at 1280×800 and 390×844, light and dark", async () => {
    const id = (await sql.query<{ id: string }>(`SELECT "id" FROM "RetiredMessage" ORDER BY "id" LIMIT 1`)).rows[0]!.id;
    const pages = ["/admin", "/admin/queue", "/admin/queue/retired", "/admin/webhooks", "/admin/webhooks/retired", `/admin/messages/${id}`];
    const problems = await sweepPages(suite, pages, { login: true });
    expect(problems).toEqual([]);
  }, 240_000);
});
