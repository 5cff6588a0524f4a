import type { Db } from "../db/client";

// Every account's name, for the pages' account choices (an address's owner, a suppression's, a route's scope).
export async function accountNames(db: Db): Promise<string[]> {
  return (await db.account.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((a) => a.name);
}
