import type { Db } from "../db/client";
import { hashPassword } from "./password";

export async function setAdminPassword(db: Db, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.adminCredential.upsert({ where: { id: 1 }, create: { id: 1, passwordHash }, update: { passwordHash } });
}
