// Generates the Prisma client (server/db/generated) when it is missing or older than prisma/schema.prisma.
// Generation needs no native engine; the two variables below only stop the CLI from trying to download one
// from Prisma's binary host, which offline machines cannot reach, and are set only when unset so online setups
// are unaffected.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stamp = path.join(root, "server/db/generated/.schema-sha256");

export function ensurePrismaClient() {
  const schema = readFileSync(path.join(root, "prisma/schema.prisma"));
  const hash = createHash("sha256").update(schema).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return;
  const env = { ...process.env };
  env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
  env.PRISMA_QUERY_ENGINE_LIBRARY ??= "/bin/false";
  env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
  const cli = path.join(root, "node_modules/prisma/build/index.js");
  const result = spawnSync(process.execPath, [cli, "generate"], { cwd: root, env, encoding: "utf8" });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    process.stderr.write("mailroom: generating the Prisma client failed: see the output above\n");
    process.exit(1);
  }
  writeFileSync(stamp, hash);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensurePrismaClient();
