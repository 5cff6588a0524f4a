// The Prisma client over the pg driver adapter (no native engine). One client per process and URL.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/client";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export function createDb(url: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}

const shared = new Map<string, Db>();

// For code that runs inside the Next.js bundle, where the process has already put the effective
// DATABASE_URL in the environment (localserve does so after starting the embedded PostgreSQL).
export function sharedDb(url: string | undefined = process.env.DATABASE_URL): Db {
  if (!url) throw new Error("DATABASE_URL is not set in this process");
  let db = shared.get(url);
  if (!db) {
    db = createDb(url);
    shared.set(url, db);
  }
  return db;
}
