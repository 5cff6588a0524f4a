// API keys on the webapi (beyond mox, acceptance 6): a key is the basic-auth password with any of the account's
// addresses; its scopes and From domains are enforced with a 401 that says why; wrong keys count in the shared
// failed-auth limiter; a revoked key is refused within 5 s by every webapi instance; last use is recorded at
// most once a minute; the account password keeps working and a key opens nothing but the webapi.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiKeyVerifier, KEY_REUSE_MS } from "../../server/auth/api-key-login";
import { Authenticator } from "../../server/auth/authenticate";
import { CLI_ACTOR } from "../../server/audit/audit-log";
import { sqlPool } from "../../server/db/client";
import { apiKeyCreate, apiKeyRevoke } from "../../server/provision/api-key-admin";
import { apiKeyCreateSchema } from "../../server/api-key/schemas";
import { createDomain } from "../../server/store/domains";
import { basic, call, startWebapi, type WebapiServer } from "../helpers/webapi";
import { PASSWORD_RAW, webapiSuite } from "../helpers/webapi-fixture";
import { unique } from "../helpers/env";

const t = webapiSuite();
let forwarded: WebapiServer;
let otherDomain: string;

beforeAll(async () => {
  forwarded = await startWebapi(t.db, { trustForwarded: true });
  // A second domain of mjl's, for keys limited to the first.
  otherDomain = `${unique("o")}.example`.toLowerCase();
  const d = await createDomain(t.db, { name: otherDomain });
  await t.db.address.create({ data: { accountId: t.fx.mjl.id, domainId: d.id, localpart: "mjl" } });
});
afterAll(() => forwarded.close());

const newKey = async (scopes: string[], domains: string[] = []) =>
  (await apiKeyCreate(t.db, CLI_ACTOR, t.fx.mjl.name, apiKeyCreateSchema.parse({ name: unique("key"), scopes, domains }))).secret;

const sendRequest = (from?: string) => ({ ...(from ? { From: [{ Address: from }] } : {}), To: [{ Address: `rcpt@${t.fx.domain}` }], Subject: "with a key", Text: "hi" });
const queued = async () => (await sqlPool(t.db).query(`SELECT count(*)::int AS n FROM "QueueMessage" WHERE "senderAccount" = $1`, [t.fx.mjl.name])).rows[0].n as number;

function randomIp(): string {
  const b = () => Math.floor(Math.random() * 250) + 1;
  return `${b()}.${b()}.${b() & 0xf8}.${b()}`;
}
const fromIp = (server: WebapiServer, ip: string, auth: string, method: string, request: unknown) =>
  fetch(`${server.url}/webapi/v0/${method}`, {
    method: "POST",
    headers: { Authorization: auth, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip },
    body: new URLSearchParams({ request: JSON.stringify(request) }).toString(),
  });

describe("API keys on the webapi", () => {
  it("work as the password with any of the account's addresses, and the password keeps working", async () => {
    const key = await newKey(["send", "suppressions", "messages"]);
    for (const user of [t.fx.mjl.address, `møx@${t.fx.domain}`, `mjl+anything@${t.fx.domain}`, `MJL@${otherDomain}`]) {
      const r = await call(t.api, basic(user, key), "SuppressionList", {});
      expect(r.status, user).toBe(200);
    }
    const sent = await call(t.api, basic(`møx@${t.fx.domain}`, key), "Send", sendRequest());
    expect(sent.status).toBe(200);
    expect(sent.json()).toMatchObject({ Submissions: [{ Address: `rcpt@${t.fx.domain}` }] });
    // Another account's address with this key is a wrong login, like a wrong password.
    const other = await call(t.api, basic(t.fx.other.address, key), "SuppressionList", {});
    expect(other.status).toBe(401);
    expect(other.body.toString()).toBe("401 - unauthorized - use http basic auth with email address as username\n");
    expect((await call(t.api, t.auth, "SuppressionList", {})).status).toBe(200);
  });

  it("refuses a Send with a suppressions-only key with 401 saying why, and queues nothing; its suppression calls work", async () => {
    const key = await newKey(["suppressions"]);
    const auth = basic(t.fx.mjl.address, key);
    const before = await queued();
    const sent = await call(t.api, auth, "Send", sendRequest());
    expect(sent.status).toBe(401);
    expect(sent.body.toString()).toBe("401 - unauthorized - this API key may not send; its scopes are: suppressions\n");
    expect(await queued()).toBe(before);
    const message = await call(t.api, auth, "MessageGet", { MsgID: 1 });
    expect(message.status).toBe(401);
    expect(message.body.toString()).toBe("401 - unauthorized - this API key may not read or change stored messages; its scopes are: suppressions\n");

    expect((await call(t.api, auth, "SuppressionAdd", { EmailAddress: `keyed@${t.fx.domain}`, Manual: true, Reason: "via key" })).status).toBe(200);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "suppression.add", target: `${t.fx.mjl.name}: keyed@${t.fx.domain}` } });
    expect(entry.actor).toMatch(new RegExp(`^${t.fx.mjl.address} \\(API key key\\S+\\)$`));
    const listed = await call(t.api, auth, "SuppressionList", {});
    expect(listed.status).toBe(200);
    expect((listed.json() as { Suppressions: { BaseAddress: string }[] }).Suppressions.map((s) => s.BaseAddress)).toContain(`keyed@${t.fx.domain}`);
    // A send-only key may not touch the list.
    const sendOnly = await call(t.api, basic(t.fx.mjl.address, await newKey(["send"])), "SuppressionList", {});
    expect(sendOnly.body.toString()).toBe("401 - unauthorized - this API key may not manage suppressions; its scopes are: send\n");
  });

  it("refuses a Send from a domain outside the key's domains, with or without an explicit From", async () => {
    const key = await newKey(["send"], [t.fx.domain]);
    expect((await call(t.api, basic(t.fx.mjl.address, key), "Send", sendRequest())).status).toBe(200);
    const before = await queued();
    const refusal = `401 - unauthorized - this API key may not send from ${otherDomain}; its domains are: ${t.fx.domain}\n`;
    const explicit = await call(t.api, basic(t.fx.mjl.address, key), "Send", sendRequest(`mjl@${otherDomain}`));
    expect(explicit.status).toBe(401);
    expect(explicit.body.toString()).toBe(refusal);
    // Without a From, the login address is the From.
    const implicit = await call(t.api, basic(`mjl@${otherDomain}`, key), "Send", sendRequest());
    expect(implicit.body.toString()).toBe(refusal);
    expect(await queued()).toBe(before);
    await expect(newKey(["send"], ["not-mine.example"])).rejects.toMatchObject({ code: "badDomain", field: "domains" });
  });

  it("counts a wrong key as a failed login in the limiter the password shares", async () => {
    const ip = randomIp();
    const key = await newKey(["suppressions"]);
    const wrongSecret = `${key.slice(0, 17)}${"A".repeat(43)}`;
    const unknownPrefix = `mrk_000000000000_${"B".repeat(43)}`;
    for (let i = 0; i < 10; i++) {
      const r = await fromIp(forwarded, ip, basic(t.fx.mjl.address, i % 2 ? wrongSecret : unknownPrefix), "SuppressionList", {});
      expect(r.status).toBe(401);
    }
    const network = (await sqlPool(t.db).query(`SELECT "count" FROM "AuthFailureCount" WHERE "network" = $1 AND "window" = 'minute'`, [`${ip}/32`])).rows;
    expect(network).toEqual([{ count: 10 }]);
    // Over the limit: the right key and the right password are refused alike until the window passes.
    expect((await fromIp(forwarded, ip, basic(t.fx.mjl.address, key), "SuppressionList", {})).status).toBe(429);
    expect((await fromIp(forwarded, ip, basic(t.fx.mjl.address, PASSWORD_RAW), "SuppressionList", {})).status).toBe(429);
  });

  it("is refused by every webapi instance within 5 seconds of being revoked", async () => {
    const made = await apiKeyCreate(t.db, CLI_ACTOR, t.fx.mjl.name, apiKeyCreateSchema.parse({ name: unique("revoked"), scopes: ["suppressions"] }));
    const auth = basic(t.fx.mjl.address, made.secret);
    // A second instance with its own Authenticator and caches, as another web process would have.
    const second = await startWebapi(t.db);
    const unseen = await startWebapi(t.db);
    try {
      for (const api of [t.api, second]) expect((await call(api, auth, "SuppressionList", {})).status).toBe(200);
      await apiKeyRevoke(t.db, CLI_ACTOR, t.fx.mjl.name, { id: made.key.id });
      const revokedAt = Date.now();
      // An instance that has not seen the key refuses it at once; the others once their reuse has run out.
      expect((await call(unseen, auth, "SuppressionList", {})).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, revokedAt + KEY_REUSE_MS - Date.now()));
      for (const api of [t.api, second]) {
        const r = await call(api, auth, "SuppressionList", {});
        expect(r.status).toBe(401);
        expect(r.body.toString()).toBe("401 - unauthorized - use http basic auth with email address as username\n");
      }
    } finally {
      await second.close();
      await unseen.close();
    }
  });

  it("reuses a verified key for 5 s from when its row was read, and not a moment longer", async () => {
    const made = await apiKeyCreate(t.db, CLI_ACTOR, t.fx.mjl.name, apiKeyCreateSchema.parse({ name: unique("clock"), scopes: ["send"] }));
    let clock = 1_000_000;
    const verifier = new ApiKeyVerifier(t.db, () => clock);
    expect((await verifier.verify(t.fx.mjl.address, made.secret, new Date())).ok).toBe(true);
    await apiKeyRevoke(t.db, CLI_ACTOR, t.fx.mjl.name, { id: made.key.id });
    clock += KEY_REUSE_MS - 1;
    expect(verifier.reused(t.fx.mjl.address, made.secret)?.ok).toBe(true);
    clock += 1;
    expect(verifier.reused(t.fx.mjl.address, made.secret)).toBeUndefined();
    expect(await verifier.verify(t.fx.mjl.address, made.secret, new Date())).toEqual({ ok: false, reason: "badCredentials" });
  });

  it("records the last use, at most once a minute", async () => {
    const made = await apiKeyCreate(t.db, CLI_ACTOR, t.fx.mjl.name, apiKeyCreateSchema.parse({ name: unique("used"), scopes: ["suppressions"] }));
    const lastUsed = async () => (await t.db.apiKey.findUniqueOrThrow({ where: { id: made.key.id } })).lastUsedAt;
    expect(made.key.lastUsedAt).toBeNull();
    const before = new Date();
    expect((await call(t.api, basic(t.fx.mjl.address, made.secret), "SuppressionList", {})).status).toBe(200);
    const first = await lastUsed();
    expect(first!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(first!.getTime()).toBeLessThanOrEqual(Date.now());
    // Fresh verifiers read the row each time; only a use a minute after the recorded one writes.
    const use = (at: Date) => new ApiKeyVerifier(t.db).verify(t.fx.mjl.address, made.secret, at);
    await use(new Date(first!.getTime() + 59_000));
    expect(await lastUsed()).toEqual(first);
    const later = new Date(first!.getTime() + 60_000);
    await use(later);
    expect(await lastUsed()).toEqual(later);
  });

  it("opens neither SMTP AUTH nor the web login: those take only the password", async () => {
    const key = await newKey(["send", "suppressions", "messages"]);
    const authenticator = new Authenticator(t.db);
    expect(await authenticator.webapi(randomIp(), t.fx.mjl.address, key)).toMatchObject({ ok: true, apiKey: { scopes: ["send", "suppressions", "messages"] } });
    expect(await authenticator.account(randomIp(), t.fx.mjl.address, key)).toEqual({ ok: false, reason: "badCredentials" });
  });
});
