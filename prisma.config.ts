// Prisma CLI configuration. The CLI runs its WebAssembly schema engine through the pg driver adapter, so it
// needs no native engine download (Prisma's binary host may be unreachable; see README, Development). Used by
// scripts/migration-new.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://127.0.0.1/postgres" }),
});
