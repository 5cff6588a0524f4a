// The Prisma client over the pg driver adapter (no native engine). One client per process and URL.
import { PrismaPg } from "@prisma/adapter-pg";
import { sharedClientFor } from "../runtime/shared-client";
import { PrismaClient, type Prisma } from "./generated/client";

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export function createDb(url: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}

export const sharedDb = sharedClientFor("DATABASE_URL", (url) => createDb(url));
