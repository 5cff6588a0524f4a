import type { Db } from "../db/client";

// Failed-auth windows are at most a day long; two days keeps a margin for clock differences between processes.
const AUTH_FAILURE_RETENTION_MS = 2 * 24 * 3600 * 1000;

export async function deleteExpiredAuthState(db: Db, now = new Date()): Promise<{ sessions: number; authFailures: number }> {
  const sessions = await db.webSession.deleteMany({ where: { expires: { lt: now } } });
  const authFailures = await db.authFailureCount.deleteMany({
    where: { windowStart: { lt: new Date(now.getTime() - AUTH_FAILURE_RETENTION_MS) } },
  });
  return { sessions: sessions.count, authFailures: authFailures.count };
}
