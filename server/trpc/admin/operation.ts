// Operations on the queues (hold, schedule, fail, drop, cancel, replay) act on many rows at once, so their audit
// entries record what was asked (the selection or filter and the change) and what it did (how many rows).
import { recordAudit } from "../../audit/audit-log";
import { adminProcedure } from "../init";

export const adminOperation = adminProcedure.use(async ({ ctx, path, type, getRawInput, next }) => {
  const result = await next();
  if (type !== "mutation" || !result.ok) return result;
  const request = (await getRawInput()) as Record<string, unknown> | undefined;
  await recordAudit(ctx.deps.db, ctx.actor, { action: path.replace(/^admin\./, ""), target: targetOf(path, request), before: request, after: result.data });
  return result;
});

function targetOf(path: string, request: Record<string, unknown> | undefined): string {
  const noun = path.startsWith("admin.hook") ? "webhooks" : "messages";
  const filter = (request?.filter ?? request) as { ids?: unknown[] } | undefined;
  const ids = filter?.ids;
  if (!ids?.length) return `${noun} matching a filter`;
  const shown = ids.slice(0, 5).map(String).join(", ");
  return `${noun} ${shown}${ids.length > 5 ? ` and ${ids.length - 5} more` : ""}`;
}
