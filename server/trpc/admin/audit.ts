// The audit log, newest first, filtered by action, actor, target and surface.
import { listAudit } from "../../audit/audit-log";
import { adminProcedure, router } from "../init";
import { auditListSchema } from "./schemas";

export const adminAuditRouter = router({
  list: adminProcedure.input(auditListSchema).query(async ({ ctx, input }) => {
    const { entries, next } = await listAudit(ctx.deps.db, input.filter, { limit: input.limit, oldestFirst: input.sort === "oldest", after: input.cursor });
    return { rows: entries.map((e) => ({ ...e, id: e.id.toString() })), next: next?.toString() ?? null };
  }),
});
