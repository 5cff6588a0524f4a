// Acceptance of the account pages in a real browser against localserve, as mox@localhost: login and the
// shared limiter; webhooks set with the Authorization helper, tested, delivered live, failing and replayed;
// retention and fromid addresses; suppressions added, exported, imported and removed; a sent message found by
// its Extra value with its timeline; a held message canceled; an API key made, used and revoked; every page
// scanned by axe and photographed.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminBrowser, sweepPages, type AdminBrowser } from "../helpers/admin-browser";
import { newContext, screenshot } from "../helpers/browser";
import { startHookReceiver, type HookReceiver } from "../helpers/hook-receiver";
import { basic, post } from "../helpers/webapi";
import { until } from "../helpers/wait";

let suite: AdminBrowser;
let receiver: HookReceiver;
let page: Page;

beforeAll(async () => {
  receiver = await startHookReceiver();
  suite = await startAdminBrowser("account");
  page = await suite.loggedInAccount();
}, 300_000);

afterAll(async () => {
  await suite?.close();
  await receiver?.close();
});

const eventually = <T>(find: () => Promise<T | null | undefined | false>, what = "the page to change", ms = 10_000) => until(find, ms, what);

async function send(login: string, request: object): Promise<{ status: number; body: unknown }> {
  const r = await post(`${suite.base}/webapi/v0/Send`, {
    auth: basic(login, "moxmoxmox"),
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ request: JSON.stringify(request) }).toString(),
    headers: { "X-Forwarded-For": "192.0.2.60" },
  });
  return { status: r.status, body: r.json() };
}

describe("account login", () => {
  it("says the address or password is wrong on the field, and logs in with the right ones", async () => {
    const context = await newContext(suite.browser, suite.base, "203.0.113.77");
    const login = await context.newPage();
    await login.goto("/account/webhooks");
    await login.waitForURL(/\/account\/login\?next=%2Faccount%2Fwebhooks/);
    await login.getByLabel("Email address").fill("mox@localhost");
    await login.getByLabel("Password").fill("wrong password");
    await login.getByRole("button", { name: "Log in" }).click();
    await login.getByText("wrong email address or password").waitFor();
    expect(await login.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    await login.getByLabel("Password").fill("moxmoxmox");
    await login.getByRole("button", { name: "Log in" }).click();
    await login.waitForURL(/\/account\/webhooks$/);
    await context.close();
  });
});

async function accountRow(): Promise<{ keepRetiredMessagePeriodSec: number; keepRetiredWebhookPeriodSec: number; fromIdLoginAddresses: string[] }> {
  const { rows } = await suite.sql.query(`SELECT "keepRetiredMessagePeriodSec", "keepRetiredWebhookPeriodSec", "fromIdLoginAddresses" FROM "Account" WHERE "name" = 'mox'`);
  return rows[0];
}

describe("webhooks", () => {
  const outgoing = () => page.getByRole("form", { name: "Outgoing webhook" });

  it("refuses an ftp URL on the field and saves nothing", async () => {
    await page.goto("/account/webhooks");
    await outgoing().getByRole("textbox", { name: "URL" }).fill("ftp://x");
    await outgoing().getByRole("button", { name: "Save" }).click();
    await eventually(async () => (await outgoing().getByRole("textbox", { name: "URL" }).getAttribute("aria-invalid")) === "true");
    const { rows } = await suite.sql.query(`SELECT "outgoingWebhookUrl" FROM "Account" WHERE "name" = 'mox'`);
    expect(rows[0].outgoingWebhookUrl).toBe("");
  });

  it("saves the URL with an Authorization built by the helper and two events, and Test shows the receiver's answer", async () => {
    await page.reload();
    await outgoing().getByRole("textbox", { name: "URL" }).fill(receiver.url("/hooks"));
    await outgoing().getByRole("button", { name: "Basic auth…" }).click();
    const helper = page.getByRole("dialog", { name: "Authorization from user and password" });
    await helper.getByLabel("User").fill("hookuser");
    await helper.getByLabel("Password").fill("hookpass");
    await helper.getByRole("button", { name: "Use" }).click();
    const basicValue = `Basic ${Buffer.from("hookuser:hookpass").toString("base64")}`;
    expect(await outgoing().getByRole("textbox", { name: "Authorization header" }).inputValue()).toBe(basicValue);
    await outgoing().getByRole("checkbox", { name: "delivered" }).check();
    await outgoing().getByRole("checkbox", { name: "failed" }).check();
    await outgoing().getByRole("button", { name: "Save" }).click();
    await page.getByText("Outgoing webhook saved.").waitFor();
    const { rows } = await suite.sql.query(`SELECT "outgoingWebhookUrl", "outgoingWebhookAuthorization", "outgoingWebhookEvents" FROM "Account" WHERE "name" = 'mox'`);
    expect(rows[0]).toEqual({ outgoingWebhookUrl: receiver.url("/hooks"), outgoingWebhookAuthorization: basicValue, outgoingWebhookEvents: ["delivered", "failed"] });

    const before = receiver.received.length;
    await outgoing().getByRole("button", { name: "Test" }).click();
    const test = page.getByRole("dialog", { name: "Test the outgoing webhook" });
    await test.getByRole("button", { name: "Send" }).click();
    const result = test.getByRole("region", { name: "Test result" });
    await eventually(async () => /200/.test(await result.innerText()) && /ok/.test(await result.innerText()));
    expect(receiver.received.slice(before).map((h) => h.headers.authorization)).toEqual([basicValue]);
    await page.keyboard.press("Escape");
  });

  it("shows the delivered hook of a Send without reloading, then the attempts of a failing one, and replays", async () => {
    const finished = page.getByRole("table", { name: "Finished webhook calls" });
    await page.getByRole("tab", { name: "Finished" }).click();
    const sent = await send("mox@localhost", { To: [{ Address: "mox@localhost" }], Subject: "hooked", Text: "x" });
    const id = (sent.body as { Submissions: { QueueMsgID: number }[] }).Submissions[0]!.QueueMsgID;
    await eventually(async () => receiver.received.some((h) => h.body.includes('"delivered"') && h.body.includes(`"QueueMsgID": ${id}`)), "the delivered hook", 20_000);
    await eventually(async () => /delivered/.test(await finished.innerText()), "the finished list to show it", 15_000);

    receiver.answer = () => ({ status: 500, body: "receiver is down\n" });
    await send("mox@localhost", { To: [{ Address: "x-permerror@localhost" }], Subject: "failing", Text: "x" });
    await page.getByRole("tab", { name: "Queued" }).click();
    const queued = page.getByRole("table", { name: "Queued webhook calls" });
    await eventually(async () => /failed/.test(await queued.innerText()) && /500/.test(await queued.innerText()), "the failing hook's attempt", 20_000);

    receiver.answer = () => ({ status: 200, body: "ok\n" });
    await page.getByRole("tab", { name: "Finished" }).click();
    const replayedBefore = receiver.received.length;
    await finished.getByRole("button", { name: /^Replay webhook call/ }).first().click();
    await eventually(async () => receiver.received.length > replayedBefore && receiver.received.at(-1)!.body.includes('"delivered"'), "the replayed hook", 20_000);
  });
});

describe("retention", () => {
  it("refuses a keep period of 5x on the field, and stores 2d and 1w", async () => {
    await page.goto("/account/retention");
    const form = page.getByRole("form", { name: "Retention" });
    const messages = form.getByLabel("Keep retired messages");
    await messages.fill("5x");
    await form.getByRole("button", { name: "Save" }).click();
    await eventually(async () => (await messages.getAttribute("aria-invalid")) === "true");
    expect((await accountRow()).keepRetiredMessagePeriodSec).toBe(72 * 3600);
    await messages.fill("2d");
    await form.getByLabel("Keep retired webhooks").fill("1w");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Retention saved.").waitFor();
    expect(await accountRow()).toMatchObject({ keepRetiredMessagePeriodSec: 172_800, keepRetiredWebhookPeriodSec: 604_800 });
  });
});

describe("unique MAIL FROM", () => {
  it("adds a fromid login address, and a Send logged in with it returns a FromID", async () => {
    await page.goto("/account/fromid");
    const form = page.getByRole("form", { name: "Unique MAIL FROM login addresses" });
    await form.getByRole("button", { name: "Add address" }).click();
    await form.getByRole("textbox", { name: "Login address 1" }).fill("mox+bounces@localhost");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Login addresses saved.").waitFor();
    expect((await accountRow()).fromIdLoginAddresses).toEqual(["mox+bounces@localhost"]);
    const sent = await send("mox+bounces@localhost", { To: [{ Address: "mox@localhost" }], Subject: "with a fromid", Text: "x" });
    expect(sent.status).toBe(200);
    expect((sent.body as { Submissions: { FromID: string }[] }).Submissions[0]!.FromID).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe("suppressions", () => {
  it("adds one, refuses a duplicate on the field, exports, imports and removes", async () => {
    await page.goto("/account/suppressions");
    const add = async (address: string) => {
      await page.getByRole("button", { name: "Add suppression" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Address").fill(address);
      await dialog.getByLabel("Reason").fill("asked by the journey");
      await dialog.getByRole("button", { name: "Add" }).click();
      return dialog;
    };
    await add("Some.One+news@example.net");
    await page.getByRole("cell", { name: "Some.One+news@example.net" }).waitFor();
    const duplicate = await add("someone@example.net");
    await eventually(async () => (await duplicate.getByLabel("Address").getAttribute("aria-invalid")) === "true");
    await duplicate.getByRole("button", { name: "Cancel" }).click();

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const csv = await readFile(await (await download).path(), "utf8");
    expect(csv.split("\r\n")[0]).toBe("address,base address,manual,reason,created");
    expect(csv).toContain("someone@example.net");

    await page.getByRole("button", { name: "Import CSV" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("CSV file").setInputFiles({ name: "list.csv", mimeType: "text/csv", buffer: Buffer.from("first@example.net,imported\r\nsecond@example.net\r\nnot an address\r\nsomeone@example.net\r\n") });
    await dialog.getByRole("button", { name: "Import" }).click();
    await dialog.getByText(/2 added, 1 already on the list, 1 invalid row\b/).first().waitFor();
    await dialog.getByRole("button", { name: "Close" }).last().click();
    await page.getByRole("cell", { name: "second@example.net" }).first().waitFor();

    await page.getByRole("row", { name: /first@example\.net/ }).getByRole("button", { name: "Remove" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
    await eventually(async () => (await page.getByRole("cell", { name: "first@example.net" }).count()) === 0);
    const present = await post(`${suite.base}/webapi/v0/SuppressionPresent`, {
      auth: basic("mox@localhost", "moxmoxmox"),
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ request: JSON.stringify({ EmailAddress: "second@example.net" }) }).toString(),
      headers: { "X-Forwarded-For": "192.0.2.60" },
    });
    expect(present.json()).toEqual({ Present: true });
  });
});

describe("messages", () => {
  it("finds a sent message by its Extra value and opens its timeline", async () => {
    const sent = await send("mox@localhost", { To: [{ Address: "mox@localhost" }], Subject: "find me", Text: "x", Extra: { customer: "journey-42" } });
    const id = (sent.body as { Submissions: { QueueMsgID: number }[] }).Submissions[0]!.QueueMsgID;
    await eventually(async () => (await suite.sql.query(`SELECT 1 FROM "RetiredMessage" WHERE "id" = $1`, [id])).rowCount === 1, "delivery", 20_000);
    await page.goto("/account/messages");
    await page.getByLabel("Extra").fill("customer=journey-42");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/extra=customer/);
    const link = page.getByRole("link", { name: `Message ${id}` });
    await link.waitFor();
    expect(await page.getByRole("table", { name: "Outgoing messages" }).getByRole("row").count()).toBe(2);
    await link.click();
    await page.getByRole("heading", { name: `Message ${id}` }).waitFor();
    await page.getByRole("heading", { name: "Trail" }).waitFor();
    expect(await page.getByText("delivered").count()).toBeGreaterThan(0);
  });

  it("cancels a held message after saying what happens", async () => {
    await suite.sql.query(`INSERT INTO "HoldRule" ("recipientDomain", "recipientDomainStr") VALUES ('held.example', 'held.example')`);
    const sent = await send("mox@localhost", { To: [{ Address: "x@held.example" }], Subject: "held", Text: "x" });
    const id = (sent.body as { Submissions: { QueueMsgID: number }[] }).Submissions[0]!.QueueMsgID;
    await page.goto(`/account/messages/${id}`);
    await page.getByRole("button", { name: "Cancel delivery" }).click();
    const dialog = page.getByRole("alertdialog");
    expect(await dialog.innerText()).toMatch(/no DSN/i);
    await dialog.getByRole("button", { name: "Cancel message" }).click();
    await eventually(async () => (await suite.sql.query(`SELECT 1 FROM "QueueMessage" WHERE "id" = $1`, [id])).rowCount === 0, "the message to leave the queue");
    const { rows } = await suite.sql.query<{ success: boolean; results: { Error: string }[] }>(`SELECT "success", "results" FROM "RetiredMessage" WHERE "id" = $1`, [id]);
    expect(rows[0]!.success).toBe(false);
    expect(rows[0]!.results.at(-1)!.Error).toContain("canceled by the sender");
    await page.getByRole("heading", { name: `Message ${id}` }).getByText("canceled").waitFor();
  });
});

describe("API keys", () => {
  // The page as it is now, in both sizes and themes, for the parts the page sweep does not reach (dialogs).
  async function photograph(name: string) {
    for (const dark of [false, true]) {
      for (const mobile of [false, true]) {
        await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
        await page.setViewportSize(mobile ? { width: 390, height: 844 } : { width: 1280, height: 800 });
        await screenshot(page, `${name}-${mobile ? "390" : "1280"}-${dark ? "dark" : "light"}`);
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  const call = (method: string, key: string, request: object) =>
    post(`${suite.base}/webapi/v0/${method}`, {
      auth: basic("mox@localhost", key),
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ request: JSON.stringify(request) }).toString(),
      headers: { "X-Forwarded-For": "192.0.2.61" },
    });

  it("makes a suppressions-only key shown once, which works until it is revoked", async () => {
    await page.goto("/account/api-keys");
    await page.getByText("No API keys yet").waitFor();
    await page.getByRole("button", { name: "Create API key" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Create an API key" });
    await dialog.getByRole("button", { name: "Create key" }).click();
    await eventually(async () => (await dialog.getByLabel("Name").getAttribute("aria-invalid")) === "true");
    await dialog.getByText("give the key a name").waitFor();
    await dialog.getByLabel("Name").fill("journey key");
    await dialog.getByRole("checkbox", { name: "send" }).uncheck();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await dialog.getByText("choose at least one scope").waitFor();
    await photograph("account_api-keys-create");
    await dialog.getByRole("checkbox", { name: "suppressions" }).check();
    // Submitted from the keyboard; focus lands on the new key's notice, one Tab from its copy button.
    await dialog.getByLabel("Name").press("Enter");
    await page.getByRole("status").filter({ hasText: "it is not shown again" }).waitFor();
    await eventually(async () => (await page.evaluate(() => document.activeElement?.getAttribute("role"))) === "status", "focus on the notice");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Copy API key");

    const secret = (await page.getByLabel("New API key").innerText()).trim();
    expect(secret).toMatch(/^mrk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    await page.getByText(/it is not shown again/).waitFor();
    const row = page.getByRole("row", { name: /journey key/ });
    await row.waitFor();
    expect(await row.innerText()).toContain(`${secret.slice(0, 17)}…`);
    expect(await row.innerText()).toContain("never");
    await photograph("account_api-keys-shown-once");

    const listed = await call("SuppressionList", secret, {});
    expect(listed.status).toBe(200);
    const sent = await call("Send", secret, { To: [{ Address: "mox@localhost" }], Subject: "with a key", Text: "x" });
    expect(sent.status).toBe(401);
    expect(sent.body.toString()).toBe("401 - unauthorized - this API key may not send; its scopes are: suppressions\n");

    // Once dismissed, nothing on the page holds the key; the list shows its use.
    await page.getByRole("button", { name: "I have stored it" }).click();
    await page.reload();
    await eventually(async () => !/never/.test(await row.innerText()), "the last use to show");
    expect(await page.content()).not.toContain(secret.slice(18));

    await row.getByRole("button", { name: "Revoke journey key" }).click();
    const confirm = page.getByRole("alertdialog");
    expect(await confirm.innerText()).toMatch(/refused from within 5 seconds/);
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await page.getByText("No API keys yet").waitFor();
    expect((await suite.sql.query(`SELECT 1 FROM "ApiKey"`)).rowCount).toBe(0);
    await eventually(async () => (await call("SuppressionList", secret, {})).status === 401, "the revoked key to be refused");
    // A key left for the page sweep to photograph the list with.
    await suite.sql.query(`INSERT INTO "ApiKey" ("accountId", "name", "prefix", "keyHash", "scopes", "lastUsedAt")
      SELECT "id", 'billing app', '0123456789ab', 'not a real hash', '{send,suppressions}', now() FROM "Account" WHERE "name" = 'mox'`);
  });
});

describe("every account page", () => {
  it("passes an axe scan and is photographed at 1280×800 and 390×844, light and dark", async () => {
    const pages = ["/account", "/account/webhooks", "/account/messages", "/account/suppressions", "/account/retention", "/account/fromid", "/account/api-keys"];
    expect(await sweepPages(suite, pages, { area: "account", login: true })).toEqual([]);
  }, 300_000);
});
