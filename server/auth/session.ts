// Web sessions of the admin and account areas. The browser holds a random token in an HttpOnly cookie; the
// database keeps only its SHA-256, so a leaked table does not hand out sessions. Each session has its own CSRF
// token that the pages send back in a header on every mutation.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client";

export type SessionKind = "admin" | "account";
export type WebSession = { kind: SessionKind; accountId: number | null; loginAddress: string; csrfToken: string; expires: Date };

// Idle sessions end after this; each use moves the end, at most once a minute to spare the writes.
const IDLE_MS: Record<SessionKind, number> = { admin: 12 * 3600_000, account: 7 * 24 * 3600_000 };
const TOUCH_MS = 60_000;

export const SESSION_COOKIE: Record<SessionKind, string> = { admin: "mailroom_admin", account: "mailroom_account" };

const tokenId = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(
  db: Db,
  who: { kind: "admin" } | { kind: "account"; accountId: number; loginAddress: string },
  now = new Date(),
): Promise<{ token: string; session: WebSession }> {
  const token = randomBytes(32).toString("base64url");
  const row = await db.webSession.create({
    data: {
      id: tokenId(token),
      kind: who.kind,
      accountId: who.kind === "account" ? who.accountId : null,
      loginAddress: who.kind === "account" ? who.loginAddress : "",
      csrfToken: randomBytes(24).toString("base64url"),
      created: now,
      lastUsed: now,
      expires: new Date(now.getTime() + IDLE_MS[who.kind]),
    },
  });
  return { token, session: toSession(row) };
}

export async function findSession(db: Db, kind: SessionKind, token: string | undefined, now = new Date()): Promise<WebSession | null> {
  if (!token) return null;
  const id = tokenId(token);
  const row = await db.webSession.findUnique({ where: { id } });
  if (!row || row.kind !== kind || row.expires <= now) return null;
  if (now.getTime() - row.lastUsed.getTime() > TOUCH_MS) {
    await db.webSession.updateMany({ where: { id }, data: { lastUsed: now, expires: new Date(now.getTime() + IDLE_MS[kind]) } });
  }
  return toSession(row);
}

export async function deleteSession(db: Db, token: string | undefined): Promise<void> {
  if (token) await db.webSession.deleteMany({ where: { id: tokenId(token) } });
}

export function csrfMatches(session: WebSession, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

function toSession(row: { kind: string; accountId: number | null; loginAddress: string; csrfToken: string; expires: Date }): WebSession {
  return { kind: row.kind as SessionKind, accountId: row.accountId, loginAddress: row.loginAddress, csrfToken: row.csrfToken, expires: row.expires };
}
