// An account's own webhook calls, for its user: the queued ones (soonest next attempt first) and the finished
// ones (latest first), and replaying finished ones. Every read and change is limited to the account, so an
// id of another account's hook finds nothing.
import { recordAudit, type Actor } from "../audit/audit-log";
import { AppError } from "../errors";
import { hookList, hookRetiredList, type HookAdminDeps, type HookListRow, type HookRetiredRow } from "./admin";
import { hookReplay } from "./replay";

// Keyset paging: the last row's id and its sort time (next attempt, or last activity), RFC 3339.
export type HookPage = { lastId?: bigint; last?: string; limit: number };

export function accountQueuedHooks(deps: HookAdminDeps, account: string, page: HookPage): Promise<HookListRow[]> {
  return hookList(deps, { account, max: page.limit }, { field: "NextAttempt", asc: true, lastId: page.lastId, last: page.last });
}

export function accountRetiredHooks(deps: HookAdminDeps, account: string, page: HookPage): Promise<HookRetiredRow[]> {
  return hookRetiredList(deps, { account, max: page.limit }, { field: "LastActivity", asc: false, lastId: page.lastId, last: page.last });
}

// Queues the finished hooks again, to the account's webhook URLs of today; returns how many were queued.
export async function accountHookReplay(deps: HookAdminDeps, actor: Actor, account: string, ids: bigint[]): Promise<number> {
  const owned = await deps.db.retiredWebhook.count({ where: { account, id: { in: ids } } });
  if (owned !== new Set(ids).size) throw new AppError("notFound", "no such finished webhook call of your account");
  // Recorded after the replay, as the admin's queue operations are: the replay writes through its own connection.
  const count = await hookReplay(deps, ids);
  await recordAudit(deps.db, actor, { action: "webhook.replay", target: `webhooks ${ids.join(", ")}`, before: { ids }, after: { count } });
  return count;
}
