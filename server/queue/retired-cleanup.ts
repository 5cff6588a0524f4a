// Retired messages are kept until their KeepUntil (spec 3.5); upkeep removes the rest hourly.
import { sqlPool, type Db } from "../db/client";

export async function deleteExpiredRetiredMessages(db: Db, now = new Date()): Promise<number> {
  const { rowCount } = await sqlPool(db).query(`DELETE FROM "RetiredMessage" WHERE "keepUntil" < $1`, [now.toISOString()]);
  return rowCount ?? 0;
}
