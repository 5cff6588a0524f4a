// The audit log: every configuration change made through the admin or account pages, the CLI or the webapi's
// suppression methods, with who made it, when, and the record before and after. Changes record their entry in
// the same transaction as the change itself, so the log never shows a change that did not happen, nor misses
// one that did. Secrets are masked before they are stored.
import type { Db, Tx } from "../db/client";
import type { AuditEntry } from "../db/generated/client";

export type AuditSurface = "admin" | "account" | "cli" | "webapi";
export type Actor = { surface: AuditSurface; name: string; ip?: string };
export type AuditChange = { action: string; target: string; before?: unknown; after?: unknown };

export const CLI_ACTOR: Actor = { surface: "cli", name: process.env.USER || "cli" };

// Field names whose values are secrets: never stored, only whether one is set.
const SECRET_KEY = /password|authorization|secret|privatekey/i;
export const MASKED = "•••• (set)";

export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? maskSecret(v) : maskSecrets(v)]),
  );
}

function maskSecret(v: unknown): unknown {
  if (v === "" || v === null || v === undefined) return v ?? null;
  if (typeof v === "object" && !Array.isArray(v)) return maskSecrets(v);
  return MASKED;
}

export async function recordAudit(db: Db | Tx, actor: Actor, change: AuditChange): Promise<void> {
  await db.auditEntry.create({
    data: {
      surface: actor.surface,
      actor: actor.name,
      ip: actor.ip ?? "",
      action: change.action,
      target: change.target,
      before: jsonOrNull(change.before),
      after: jsonOrNull(change.after),
    },
  });
}

// Prisma needs its own null marker for a JSON column; undefined means the record did not exist.
function jsonOrNull(value: unknown) {
  return value === undefined || value === null ? undefined : (maskSecrets(value) as object);
}

// Runs a change and records it in one transaction; the change returns its target and before/after records.
export async function audited<T>(
  db: Db,
  actor: Actor,
  action: string,
  change: (tx: Tx) => Promise<{ result: T; target: string; before?: unknown; after?: unknown }>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const { result, target, before, after } = await change(tx);
    await recordAudit(tx, actor, { action, target, before, after });
    return result;
  });
}

export type AuditFilter = { action?: string; actor?: string; target?: string; surface?: AuditSurface };

// Newest or oldest first, keyset-paged by id.
export async function listAudit(
  db: Db,
  filter: AuditFilter,
  page: { limit: number; oldestFirst: boolean; after?: bigint },
): Promise<{ entries: AuditEntry[]; next: bigint | null }> {
  const { limit, oldestFirst, after } = page;
  const entries = await db.auditEntry.findMany({
    where: {
      ...(filter.action ? { action: { startsWith: filter.action } } : {}),
      ...(filter.actor ? { actor: { contains: filter.actor, mode: "insensitive" } } : {}),
      ...(filter.target ? { target: { contains: filter.target, mode: "insensitive" } } : {}),
      ...(filter.surface ? { surface: filter.surface } : {}),
      ...(after ? { id: oldestFirst ? { gt: after } : { lt: after } } : {}),
    },
    orderBy: { id: oldestFirst ? "asc" : "desc" },
    take: limit + 1,
  });
  const more = entries.length > limit;
  return { entries: entries.slice(0, limit), next: more ? entries[limit - 1]!.id : null };
}
