// What every admin and account browser journey needs: localserve on its own database, a browser, a direct database
// connection to check effects, logged-in pages (each context its own client IP), and the axe-and-screenshot
// sweep over a list of pages in both themes and both sizes.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { withDatabase } from "../../server/db/url";
import { axeViolations, launchBrowser, newContext, screenshot } from "./browser";
import { adminDatabaseUrl, redisPrefix, redisUrl, unique } from "./env";
import { createDatabase, dropDatabase } from "./pg";
import { startLocalserve, type Running } from "./process";

export type AdminBrowser = {
  base: string;
  env: NodeJS.ProcessEnv;
  sql: pg.Pool;
  browser: Browser;
  localserve: Running;
  workdir: string;
  loggedIn: (opts?: { dark?: boolean; mobile?: boolean }) => Promise<Page>;
  // Logged in to the account area as localserve's mox@localhost.
  loggedInAccount: (opts?: { dark?: boolean; mobile?: boolean }) => Promise<Page>;
  close: () => Promise<void>;
};

export async function startAdminBrowser(name: string, extra: Record<string, string> = {}): Promise<AdminBrowser> {
  const dbName = unique(`mailroom_${name}`).toLowerCase();
  await createDatabase(adminDatabaseUrl(), dbName);
  const workdir = await mkdtemp(path.join(os.tmpdir(), `mailroom-${name}-`));
  const started = await startLocalserve({
    databaseUrl: withDatabase(adminDatabaseUrl(), dbName),
    redisUrl: redisUrl(),
    redisPrefix: `${redisPrefix()}-${name}`,
    dataDir: path.join(workdir, "data"),
    // Each browser context then stands for a client IP of its own (X-Forwarded-For).
    extra: { MAILROOM_TRUST_FORWARDED: "true", ...extra },
  });
  const base = `http://127.0.0.1:${started.webPort}`;
  const sql = new pg.Pool({ connectionString: withDatabase(adminDatabaseUrl(), dbName), max: 2 });
  const browser = await launchBrowser();
  let ipCounter = 0;
  const nextIp = () => `198.51.${100 + (ipCounter++ % 10)}.${10 + ipCounter}`;
  return {
    base,
    env: started.env,
    sql,
    browser,
    localserve: started.running,
    workdir,
    loggedIn: async (opts = {}) => {
      const context = await newContext(browser, base, nextIp(), opts);
      const page = await context.newPage();
      await page.goto("/admin/login");
      await page.getByLabel("Password").fill("moxadmin");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(`${base}/admin`);
      return page;
    },
    loggedInAccount: async (opts = {}) => {
      const context = await newContext(browser, base, nextIp(), opts);
      const page = await context.newPage();
      await page.goto("/account/login");
      await page.getByLabel("Email address").fill("mox@localhost");
      await page.getByLabel("Password").fill("moxmoxmox");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(`${base}/account`);
      return page;
    },
    close: async () => {
      await browser.close();
      await started.running.stop();
      await sql.end();
      await dropDatabase(adminDatabaseUrl(), dbName);
      await rm(workdir, { recursive: true, force: true });
    },
  };
}

// Visits each page logged in, in light and dark at 1280×800 and 390×844: a screenshot of each, and the axe
// violations found at desktop size (the narrow layout is the same markup).
export async function sweepPages(suite: AdminBrowser, pages: string[], opts: { login?: boolean; area?: "admin" | "account" } = {}): Promise<string[]> {
  const area = opts.area ?? "admin";
  const problems: string[] = [];
  for (const dark of [false, true]) {
    for (const mobile of [false, true]) {
      const page = await (area === "admin" ? suite.loggedIn : suite.loggedInAccount)({ dark, mobile });
      const suffix = `${mobile ? "390" : "1280"}-${dark ? "dark" : "light"}`;
      for (const url of pages) {
        await page.goto(url);
        await page.locator("main h1").first().waitFor();
        await page.waitForLoadState("networkidle").catch(() => undefined);
        await screenshot(page, `${url.replaceAll("/", "_").replace(/^_/, "") || "admin"}-${suffix}`);
        if (!mobile) problems.push(...(await axeViolations(page)).map((v) => `${url} (${suffix}): ${v}`));
      }
      if (opts.login) {
        const login = await page.context().newPage();
        await login.context().clearCookies();
        await login.goto(`/${area}/login`);
        await screenshot(login, `${area}_login-${suffix}`);
        if (!mobile) problems.push(...(await axeViolations(login)).map((v) => `/${area}/login (${suffix}): ${v}`));
      }
      await page.context().close();
    }
  }
  return problems;
}
