// A user's own API keys over real HTTP and PostgreSQL: made with the secret in that one answer, listed without
// it, field errors from the shared schema and the server's checks, revoked; another account's keys are neither
// listed nor revocable; every change audited as the user without the secret.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { createAccount } from "../../server/provision/account";
import { createDomain } from "../../server/store/domains";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";
import { accountClient, startTrpc, type SessionClient, type TrpcServer } from "../helpers/trpc";

let db: Db;
let drop: () => Promise<void>;
let server: TrpcServer;
let alice: SessionClient;
let bob: SessionClient;

type Key = { id: number; name: string; prefix: string; scopes: string[]; domains: string[]; createdAt: Date; lastUsedAt: Date | null };
type Listed = { keys: Key[]; domains: { name: string; unicodeName: string }[] };
const list = async (client: SessionClient) => (await client.query("account.apiKey.list")).data as Listed;

beforeAll(async () => {
  const isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_acckeys");
  drop = isolated.drop;
  db = createDb(isolated.url, 4);
  server = await startTrpc(db);
  await createDomain(db, { name: "example.org" });
  const second = await createDomain(db, { name: "bücher.example" });
  const a = await createAccount(db, { name: "alice", address: "alice@example.org", password: "alice-password" });
  await db.address.create({ data: { accountId: a.id, domainId: second.id, localpart: "alice" } });
  await createAccount(db, { name: "bob", address: "bob@example.org", password: "bob-password" });
  alice = await accountClient(server, "alice@example.org", "alice-password");
  bob = await accountClient(server, "bob@example.org", "bob-password");
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
  await drop?.();
});

describe("account API keys", () => {
  it("makes a key whose secret is in that answer only, and lists it with the account's domains", async () => {
    expect(await list(alice)).toEqual({ keys: [], domains: [{ name: "example.org", unicodeName: "example.org" }, { name: "xn--bcher-kva.example", unicodeName: "bücher.example" }] });
    const made = await alice.mutate("account.apiKey.create", { name: "  newsletter ", scopes: ["suppressions", "send"], domains: ["Bücher.example"] });
    expect(made.status).toBe(200);
    const { key, secret } = made.data as { key: Key; secret: string };
    expect(key).toMatchObject({ name: "newsletter", scopes: ["send", "suppressions"], domains: ["xn--bcher-kva.example"], lastUsedAt: null });
    expect(secret).toMatch(new RegExp(`^mrk_${key.prefix}_`));
    const listed = await alice.query("account.apiKey.list");
    expect((listed.data as Listed).keys).toEqual([key]);
    expect(alice.responses.filter((r) => r.includes(secret))).toHaveLength(1);
    expect(alice.responses.join("")).not.toContain("keyHash");

    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "apiKey.add" } });
    expect(entry).toMatchObject({ surface: "account", actor: "alice@example.org", target: "alice", after: { name: "newsletter", prefix: key.prefix, scopes: ["send", "suppressions"], domains: ["xn--bcher-kva.example"] } });
  });

  it("puts what is wrong on the field: the schema's checks and the server's", async () => {
    const fieldError = async (input: object, field: string) => (await alice.mutate("account.apiKey.create", input)).error?.fieldErrors?.[field]?.[0];
    expect(await fieldError({ name: "", scopes: ["send"] }, "name")).toBe("give the key a name, e.g. the application that uses it");
    expect(await fieldError({ name: "x", scopes: [] }, "scopes")).toBe("choose at least one scope");
    expect(await fieldError({ name: "x", scopes: ["send"], domains: ["bob.example"] }, "domains")).toBe("the account has no address on bob.example: a key can only be limited to its own domains");
    expect(await fieldError({ name: "newsletter", scopes: ["send"] }, "name")).toBe('a key named "newsletter" exists already: choose another name');
    expect((await list(alice)).keys).toHaveLength(1);
  });

  it("neither lists nor revokes another account's key, and revokes its own, audited", async () => {
    const [key] = (await list(alice)).keys;
    expect((await list(bob)).keys).toEqual([]);
    const refused = await bob.mutate("account.apiKey.revoke", { id: key!.id });
    expect(refused.error?.code).toBe("NOT_FOUND");
    expect((await list(alice)).keys).toHaveLength(1);

    expect((await alice.mutate("account.apiKey.revoke", { id: key!.id })).data).toEqual({ name: "newsletter" });
    expect((await list(alice)).keys).toEqual([]);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "apiKey.revoke" } });
    expect(entry).toMatchObject({ surface: "account", actor: "alice@example.org", target: "alice", before: { name: "newsletter", prefix: key!.prefix } });
  });
});
