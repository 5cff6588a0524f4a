import { audited, type Actor } from "../audit/audit-log";
import type { Db } from "../db/client";
import { hashPassword } from "./password";

export async function setAdminPassword(db: Db, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.adminCredential.upsert({ where: { id: 1 }, create: { id: 1, passwordHash }, update: { passwordHash } });
}

// A change of the admin password by a person, recorded in the audit log (the password itself masked).
export async function changeAdminPassword(db: Db, actor: Actor, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await audited(db, actor, "admin.password", async (tx) => {
    await tx.adminCredential.upsert({ where: { id: 1 }, create: { id: 1, passwordHash }, update: { passwordHash } });
    return { result: undefined, target: "admin", after: { password: "(changed)" } };
  });
}
