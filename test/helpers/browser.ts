// A real browser for page tests: Debian's Chromium driven by playwright-core (nothing is downloaded), an axe
// scan for accessibility, and screenshots for people to look at (.scratch/screenshots).
import { mkdir } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const SHOTS = path.resolve(".scratch/screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

// Each context looks like its own client IP to the server (behind MAILROOM_TRUST_FORWARDED), so failed-login
// counts of one journey do not lock out another.
export function newContext(browser: Browser, baseURL: string, ip: string, opts: { dark?: boolean; mobile?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    colorScheme: opts.dark ? "dark" : "light",
    viewport: opts.mobile ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    extraHTTPHeaders: { "X-Forwarded-For": ip },
  });
}

// Violations of WCAG 2 A and AA rules, as readable lines (empty when clean).
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });
}
