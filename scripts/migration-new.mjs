// Writes a new migration offline: the SQL that takes the database from the schema of the last migration
// (prisma/migrations/schema.snapshot) to prisma/schema.prisma, computed by Prisma's WebAssembly schema engine.
// Usage: npm run db:migration -- <name>      (needs a reachable PostgreSQL in DATABASE_URL for the engine)
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const migrations = path.join(root, "prisma/migrations");
const snapshot = path.join(migrations, "schema.snapshot");
const schema = path.join(root, "prisma/schema.prisma");

export function migrationDiff(extraEnv = {}) {
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const env = { ...process.env, ...extraEnv, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
  env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
  env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/bin/false";
  const cli = path.join(root, "node_modules/prisma/build/index.js");
  const result = spawnSync(
    process.execPath,
    [cli, "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
    { cwd: root, env, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`prisma migrate diff failed:\n${result.stdout}${result.stderr}`);
  const sql = result.stdout;
  return /^-- This is an empty migration\.\s*$/.test(sql.trim()) || sql.trim() === "" ? "" : sql;
}

function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    process.stderr.write("usage: npm run db:migration -- <name>   (lower-case letters, digits and _)\n");
    process.exit(2);
  }
  const sql = migrationDiff();
  if (!sql) {
    console.log("schema.prisma has no changes since the last migration");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(migrations, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  writeFileSync(path.join(migrations, "migration_lock.toml"), 'provider = "postgresql"\n');
  copyFileSync(schema, snapshot);
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
