import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, migrate } from "../../server/db/migrate";
import { withDatabase } from "../../server/db/url";
import { migrationDiff } from "../../scripts/migration-new.mjs";
import { adminDatabaseUrl, unique } from "../helpers/env";
import { createDatabase, dropDatabase, rows } from "../helpers/pg";

// Its own empty database: this test is about what happens to a database that has never been migrated.
const name = unique("mailroom_migrate_").toLowerCase();
let url: string;

beforeAll(async () => {
  await createDatabase(adminDatabaseUrl(), name);
  url = withDatabase(adminDatabaseUrl(), name);
});

afterAll(() => dropDatabase(adminDatabaseUrl(), name));

describe("migrate", () => {
  it("applies each migration once, even when processes start together", async () => {
    const all = (await listMigrations()).map((m) => m.name);
    expect(all.length).toBeGreaterThan(0);
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    expect([...a, ...b].sort()).toEqual(all.sort());
    expect(await migrate(url)).toEqual([]);

    const recorded = await rows<{ migration_name: string; checksum: string }>(url, `SELECT migration_name, checksum FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name).sort()).toEqual(all.sort());
    expect(recorded.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it("creates the tables of the data model", async () => {
    const tables = (await rows<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).map(
      (r) => r.table_name,
    );
    for (const t of ["Domain", "DkimKey", "Account", "Address", "Credential", "Mailbox", "Message", "MessageContent", "QueueMessage",
      "QueueContent", "RetiredMessage", "HoldRule", "Suppression", "Webhook", "RetiredWebhook", "Transport", "Route", "WebSession",
      "AuthFailureCount", "SendHistory", "AdminCredential"]) {
      expect(tables).toContain(t);
    }
  });
});

describe("schema and migrations", () => {
  it("agree: prisma/schema.prisma has no change that lacks a migration (npm run db:migration -- <name>)", () => {
    expect(migrationDiff({ DATABASE_URL: adminDatabaseUrl() })).toBe("");
  });
});
