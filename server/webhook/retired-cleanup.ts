// Retired webhooks are kept until their KeepUntil (spec 2.7); upkeep removes the rest hourly.
import { sqlPool, type Db } from "../db/client";

export async function deleteExpiredRetiredWebhooks(db: Db, now = new Date()): Promise<number> {
  const { rowCount } = await sqlPool(db).query(`DELETE FROM "RetiredWebhook" WHERE "keepUntil" < $1`, [now.toISOString()]);
  return rowCount ?? 0;
}
