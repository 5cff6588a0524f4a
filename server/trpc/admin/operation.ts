// Operations on the queues are audited as a whole: what was asked and what it did (audit/operation-audit.ts).
import { recordOperation } from "../../audit/operation-audit";
import { adminProcedure } from "../init";

export const adminOperation = adminProcedure.use(async ({ ctx, path, type, getRawInput, next }) => {
  const result = await next();
  if (type !== "mutation" || !result.ok) return result;
  const request = (await getRawInput()) as Record<string, unknown> | undefined;
  await recordOperation(ctx.deps.db, ctx.actor, path.replace(/^admin\./, ""), request, result.data);
  return result;
});
