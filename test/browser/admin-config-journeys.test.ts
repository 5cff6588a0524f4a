// Acceptance of the configuration pages in a real browser against localserve: a domain with a DKIM key whose
// record, copied from the page, verifies the signature of mail sent from there; the DNS check through an
// injected resolver; an account added with a generated password that then uses the webapi; a disabled
// domain; a fail transport and a route picked by the tester and by delivery; suppressions added and removed;
// every change in the audit log; no transport password in any tRPC response; bad inputs refused on the field;
// every page scanned by axe and photographed.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminBrowser, sweepPages, type AdminBrowser } from "../helpers/admin-browser";
import { until } from "../helpers/wait";

const run = promisify(execFile);
const TRANSPORT_PASSWORD = "transport-secret-Zq8v";
let suite: AdminBrowser;
let page: Page;
let dnsFile: string;
let alicePassword = "";
let dkimRecord = "";
// Every tRPC response body the journey's pages received.
const responses: string[] = [];

beforeAll(async () => {
  // The records file is created by the journey, once it has copied the DKIM record from the page.
  const dir = path.join(process.env.TMPDIR ?? "/tmp", `mailroom-dns-${process.pid}-${Date.now()}`);
  dnsFile = `${dir}.json`;
  suite = await startAdminBrowser("config", { MAILROOM_DNS_RECORDS: dnsFile });
  page = await suite.loggedIn();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  page.on("response", async (r) => {
    if (!r.url().includes("/api/trpc/")) return;
    responses.push(await r.text().catch(() => ""));
  });
}, 300_000);

afterAll(async () => {
  await suite?.close();
});

const eventually = <T>(find: () => Promise<T | null | undefined | false>, what = "the page to change", ms = 10_000) => until(find, ms, what);

async function count(query: string, params: unknown[] = []): Promise<number> {
  const { rows } = await suite.sql.query<{ n: number }>(query, params);
  return rows[0]!.n;
}

async function clipboard(): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

// A webapi call the way a user would make it from a shell: curl with basic auth and the form field.
async function curl(user: string, password: string, method: string, request: object): Promise<{ status: number; body: unknown }> {
  const { stdout } = await run("curl", ["-s", "-H", "X-Forwarded-For: 192.0.2.50", "-w", "\n%{http_code}", "-u", `${user}:${password}`, `${suite.base}/webapi/v0/${method}`, "--data-urlencode", `request=${JSON.stringify(request)}`]);
  const at = stdout.lastIndexOf("\n");
  const status = Number(stdout.slice(at + 1));
  try {
    return { status, body: JSON.parse(stdout.slice(0, at)) };
  } catch {
    throw new Error(`${method} answered ${status}: ${stdout.slice(0, 500)}`);
  }
}

const resolverFor = (records: Record<string, string>) => async (name: string, type: string) => {
  const record = records[name.toLowerCase()];
  if (type !== "TXT" || !record) throw Object.assign(new Error(`no ${type} record for ${name}`), { code: "ENOTFOUND" });
  return [[record]];
};

describe("domains and DKIM", () => {
  it("refuses a domain name with spaces on the field and creates nothing", async () => {
    await page.goto("/admin/domains");
    await page.getByRole("button", { name: "Add domain" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Domain name").fill("example .org");
    await dialog.getByRole("button", { name: "Add domain" }).click();
    const field = dialog.getByLabel("Domain name");
    await eventually(async () => (await field.getAttribute("aria-invalid")) === "true");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await count(`SELECT count(*)::int AS n FROM "Domain" WHERE "name" LIKE 'example%'`)).toBe(0);
  });

  it("adds example.org with separator +, generates an ed25519 key and copies its DKIM record", async () => {
    await page.getByRole("button", { name: "Add domain" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Domain name").fill("example.org");
    await dialog.getByLabel("Catchall separators").fill("+");
    await dialog.getByRole("button", { name: "Add domain" }).click();
    await page.waitForURL(/\/admin\/domains\/example\.org$/);

    await page.getByRole("button", { name: "Generate key" }).first().click();
    const form = page.getByRole("form", { name: "New DKIM key" });
    await form.getByLabel("Selector").fill("bad.selector");
    await form.getByLabel("Algorithm").selectOption("ed25519");
    await form.getByRole("button", { name: "Generate" }).click();
    await eventually(async () => (await form.getByLabel("Selector").getAttribute("aria-invalid")) === "true");
    // localserve's own key for localhost aside, the refused selector made none.
    expect(await count(`SELECT count(*)::int AS n FROM "DkimKey" k JOIN "Domain" d ON d."id" = k."domainId" WHERE d."name" = 'example.org'`)).toBe(0);

    await form.getByLabel("Selector").fill("journey");
    await form.getByRole("button", { name: "Generate" }).click();
    const row = page.locator('tr[data-record="dkim:journey"]');
    await row.waitFor();
    await row.getByRole("button", { name: /Copy the TXT value/ }).click();
    dkimRecord = await clipboard();
    expect(dkimRecord).toMatch(/^v=DKIM1; k=ed25519; p=[A-Za-z0-9+/=]+$/);
    const stored = await suite.sql.query<{ publicKeyDns: string }>(`SELECT "publicKeyDns" FROM "DkimKey" WHERE "selector" = 'journey'`);
    expect(dkimRecord).toContain(stored.rows[0]!.publicKeyDns);
  });

  it("checks DNS through the injected resolver: SPF missing, the DKIM record correct", async () => {
    await writeFile(dnsFile, JSON.stringify({ txt: { "journey._domainkey.example.org": [[dkimRecord]] } }));
    await page.getByRole("button", { name: "Check DNS" }).click();
    const spf = page.locator('tr[data-record="spf"]');
    const dkim = page.locator('tr[data-record="dkim:journey"]');
    await eventually(async () => /no spf/i.test(await spf.innerText()));
    await eventually(async () => /matches/i.test(await dkim.innerText()));
  });
});

describe("accounts", () => {
  it("refuses an address of a domain that does not exist here, on the field", async () => {
    await page.goto("/admin/accounts");
    await page.getByRole("button", { name: "Add account" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Account name").fill("alice");
    await dialog.getByLabel("First address").fill("alice@elsewhere.example");
    await dialog.getByRole("textbox", { name: "Password" }).fill("a long enough password");
    await dialog.getByRole("button", { name: "Add account" }).click();
    await eventually(async () => (await dialog.getByLabel("First address").getAttribute("aria-invalid")) === "true");
    expect(await dialog.getByText(/does not exist/).count()).toBeGreaterThan(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await count(`SELECT count(*)::int AS n FROM "Account" WHERE "name" = 'alice'`)).toBe(0);
  });

  it("adds alice with alice@example.org and a generated password, which then works with curl", async () => {
    await page.getByRole("button", { name: "Add account" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Account name").fill("alice");
    await dialog.getByLabel("First address").fill("alice@example.org");
    await dialog.getByRole("button", { name: "Generate" }).click();
    await dialog.getByRole("button", { name: "Copy password" }).click();
    alicePassword = await clipboard();
    expect(alicePassword.length).toBeGreaterThanOrEqual(16);
    await dialog.getByRole("button", { name: "Add account" }).click();
    await page.waitForURL(/\/admin\/accounts\/alice$/);
    const listed = await curl("alice@example.org", alicePassword, "SuppressionList", {});
    expect(listed).toEqual({ status: 200, body: { Suppressions: [] } });
  });

  it("signs alice's mail with the new key: the signature verifies against the copied record", async () => {
    const sent = await curl("alice@example.org", alicePassword, "Send", { To: [{ Address: "mox@localhost" }], Subject: "signed by journey", Text: "hello" });
    expect(sent.status).toBe(200);
    const raw = await eventually(async () => {
      const { rows } = await suite.sql.query<{ raw: Buffer }>(
        `SELECT c."prefix" || c."raw" AS "raw" FROM "MessageContent" c JOIN "Message" m ON m."id" = c."messageId" JOIN "Mailbox" b ON b."id" = m."mailboxId"
         WHERE m."subject" = 'signed by journey' AND b."name" = 'Inbox'`,
      );
      return rows[0]?.raw;
    });
    const { results } = await dkimVerify(raw, { resolver: resolverFor({ "journey._domainkey.example.org": dkimRecord }) });
    expect(results.map((r) => [r.signingDomain, r.selector, r.status.result])).toEqual([["example.org", "journey", "pass"]]);
  });

  it("disables example.org with a reason, and Send from there answers domainDisabled", async () => {
    await page.goto("/admin/domains/example.org");
    await page.getByRole("button", { name: /^Disable/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Reason").fill("journey says no");
    await dialog.getByRole("button", { name: "Disable sending" }).click();
    await eventually(async () => (await count(`SELECT count(*)::int AS n FROM "Domain" WHERE "name" = 'example.org' AND "disabledReason" <> ''`)) === 1);
    // Senders' address owners are cached for a few seconds.
    const refused = await eventually(async () => {
      const r = await curl("alice@example.org", alicePassword, "Send", { To: [{ Address: "mox@localhost" }], Subject: "refused", Text: "x" });
      return r.status === 400 ? r : undefined;
    }, "Send refused", 15_000);
    expect(refused.body).toMatchObject({ Code: "domainDisabled" });
    expect(JSON.stringify(refused.body)).toContain("journey says no");
  });
});

describe("routes and transports", () => {
  const addTransport = async (fill: (dialog: ReturnType<Page["getByRole"]>) => Promise<void>) => {
    await page.getByRole("button", { name: "Add transport" }).first().click();
    const dialog = page.getByRole("dialog");
    await fill(dialog);
    await dialog.getByRole("button", { name: "Add transport" }).click();
    return dialog;
  };

  it("refuses a transport port of 0 on the field, then keeps a relay's password to itself", async () => {
    await page.goto("/admin/routes");
    const dialog = await addTransport(async (d) => {
      await d.getByRole("textbox", { name: "Name", exact: true }).fill("relay");
      await d.getByLabel("Kind").selectOption("submission");
      await d.getByLabel("Host").fill("127.0.0.1");
      await d.getByLabel("Port", { exact: true }).fill("0");
      await d.getByLabel("Username").fill("relay-user");
      await d.getByLabel("Password", { exact: true }).fill(TRANSPORT_PASSWORD);
    });
    await eventually(async () => (await dialog.getByLabel("Port", { exact: true }).getAttribute("aria-invalid")) === "true");
    expect(await count(`SELECT count(*)::int AS n FROM "Transport"`)).toBe(0);
    await dialog.getByLabel("Port", { exact: true }).fill("2525");
    await dialog.getByRole("button", { name: "Add transport" }).click();
    await page.getByRole("cell", { name: "relay", exact: true }).waitFor();
    const { rows } = await suite.sql.query<{ settings: { auth: { password: string } } }>(`SELECT "settings" FROM "Transport" WHERE "name" = 'relay'`);
    expect(rows[0]!.settings.auth.password).toBe(TRANSPORT_PASSWORD);
  });

  it("creates a fail transport and a route for To domain example.com, which the tester picks", async () => {
    await addTransport(async (d) => {
      await d.getByRole("textbox", { name: "Name", exact: true }).fill("blackhole");
      await d.getByLabel("Kind").selectOption("fail");
      await d.getByLabel("SMTP code").fill("554");
      await d.getByLabel("Message", { exact: true }).fill("example.com is closed by the journey");
    });
    await page.getByRole("cell", { name: "blackhole", exact: true }).waitFor();
    await page.getByRole("button", { name: "Add route" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Transport").selectOption("blackhole");
    await dialog.getByLabel("To domains").fill("example.com");
    await dialog.getByRole("button", { name: "Add route" }).click();
    await eventually(async () => (await count(`SELECT count(*)::int AS n FROM "Route"`)) === 1);

    const tester = page.getByRole("form", { name: "Route tester" });
    await tester.getByLabel("Sender").fill("mox@localhost");
    await tester.getByLabel("Recipient").fill("x@example.com");
    await tester.getByLabel("Attempt").fill("1");
    await tester.getByRole("button", { name: "Find route" }).click();
    await eventually(async () => /blackhole/.test(await page.getByRole("list", { name: "Routes considered, in order" }).innerText()));
    await tester.getByLabel("Recipient").fill("x@example.net");
    await tester.getByRole("button", { name: "Find route" }).click();
    await page.getByText(/direct delivery/i).first().waitFor();
  });

  it("fails a Send to x@example.com with the transport's error", async () => {
    const sent = await curl("mox@localhost", "moxmoxmox", "Send", { To: [{ Address: "x@example.com" }], Subject: "to the black hole", Text: "x" });
    expect(sent.status).toBe(200);
    const id = (sent.body as { Submissions: { QueueMsgID: number }[] }).Submissions[0]!.QueueMsgID;
    const retired = await eventually(async () => {
      const { rows } = await suite.sql.query<{ success: boolean; results: { Code: number; Error: string }[] }>(`SELECT "success", "results" FROM "RetiredMessage" WHERE "id" = $1`, [id]);
      return rows[0];
    }, "the message to fail", 20_000);
    expect(retired.success).toBe(false);
    expect(retired.results.at(-1)).toMatchObject({ Code: 554 });
    expect(retired.results.at(-1)!.Error).toContain("example.com is closed by the journey");
  });
});

describe("suppressions", () => {
  it("adds and removes a suppression, and SuppressionPresent follows", async () => {
    const present = async () => (await curl("mox@localhost", "moxmoxmox", "SuppressionPresent", { EmailAddress: "journey@example.net" })).body;
    await page.goto("/admin/suppressions");
    await page.getByRole("button", { name: "Add suppression" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Account").selectOption("mox");
    await dialog.getByLabel("Address").fill("Journey+tag@example.net");
    await dialog.getByLabel("Reason").fill("asked by the journey");
    await dialog.getByRole("button", { name: "Add" }).click();
    await page.getByRole("cell", { name: "Journey+tag@example.net" }).waitFor();
    expect(await present()).toEqual({ Present: true });
    await page.getByRole("row", { name: /Journey\+tag@example\.net/ }).getByRole("button", { name: "Remove" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
    await page.getByText("No suppressed addresses").waitFor();
    expect(await present()).toEqual({ Present: false });
  });
});

describe("audit log", () => {
  it("has every change of the journey with before and after", async () => {
    await page.goto("/admin/audit");
    for (const action of ["domain.add", "dkim.generate", "account.add", "domain.disable", "transport.add", "route.add", "suppression.add", "suppression.remove"]) {
      await page.getByRole("cell", { name: action, exact: true }).first().waitFor();
    }
    const { rows } = await suite.sql.query<{ action: string; before: unknown; after: unknown }>(`SELECT "action", "before", "after" FROM "AuditEntry" ORDER BY "id"`);
    const byAction = new Map(rows.map((r) => [r.action, r]));
    expect(byAction.get("domain.add")).toMatchObject({ before: null, after: { name: "example.org" } });
    expect(byAction.get("domain.disable")!.after).toMatchObject({ disabledReason: "journey says no" });
    expect(JSON.stringify(byAction.get("account.add"))).not.toContain(alicePassword);
    expect(JSON.stringify(rows)).not.toContain(TRANSPORT_PASSWORD);
    expect(byAction.get("suppression.remove")).toMatchObject({ after: null, before: { reason: "asked by the journey" } });
  });
});

describe("every configuration page", () => {
  it("passes an axe scan and is photographed at 1280×800 and 390×844, light and dark", async () => {
    const pages = ["/admin/domains", "/admin/domains/example.org", "/admin/accounts", "/admin/accounts/alice", "/admin/routes", "/admin/suppressions", "/admin/audit"];
    expect(await sweepPages(suite, pages)).toEqual([]);
  }, 300_000);

  it("never sent a transport password or a DKIM private key to the browser", () => {
    expect(responses.length).toBeGreaterThan(20);
    const all = responses.join("\n");
    expect(all).not.toContain(TRANSPORT_PASSWORD);
    expect(all).not.toContain("PRIVATE KEY");
  });
});

