// Operations on the queues (hold, schedule, fail, drop, cancel, replay) act on many rows at once, so their audit
// entries record what was asked (the selection or filter and the change) and what it did (how many rows). The
// admin pages' procedures and the CLI record them alike.
import type { Db } from "../db/client";
import { recordAudit, type Actor } from "./audit-log";

// action is the procedure's name under admin: "queue.holdSet", "hook.cancel".
export async function recordOperation(db: Db, actor: Actor, action: string, request: Record<string, unknown> | undefined, result: unknown): Promise<void> {
  await recordAudit(db, actor, { action, target: targetOf(action, request), before: request, after: result });
}

function targetOf(action: string, request: Record<string, unknown> | undefined): string {
  const noun = action.startsWith("hook") ? "webhooks" : "messages";
  const filter = (request?.filter ?? request) as { ids?: unknown[] } | undefined;
  const ids = filter?.ids;
  if (!ids?.length) return `${noun} matching a filter`;
  const shown = ids.slice(0, 5).map(String).join(", ");
  return `${noun} ${shown}${ids.length > 5 ? ` and ${ids.length - 5} more` : ""}`;
}
