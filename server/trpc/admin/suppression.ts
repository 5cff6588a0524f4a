// Every account's suppression list in one place; entries added here are manual.
import { z } from "zod";
import { suppressionAdminAdd, suppressionAdminList, suppressionAdminRemove } from "../../suppression/suppression-admin";
import { adminProcedure, router } from "../init";
import { suppressionAddSchema, suppressionListSchema } from "./schemas";

export const adminSuppressionRouter = router({
  list: adminProcedure.input(suppressionListSchema).query(async ({ ctx, input }) => {
    const { rows, next, total } = await suppressionAdminList(ctx.deps.db, input.filter, { limit: input.limit, oldestFirst: input.sort === "oldest", after: input.cursor });
    return { rows: rows.map((s) => ({ ...s, queueMsgId: s.queueMsgId.toString() })), next, total };
  }),
  add: adminProcedure.input(suppressionAddSchema).mutation(async ({ ctx, input }) => {
    const s = await suppressionAdminAdd(ctx.deps.db, ctx.actor, input);
    return { id: s.id, baseAddress: s.baseAddress };
  }),
  remove: adminProcedure.input(z.strictObject({ id: z.int().positive() })).mutation(async ({ ctx, input }) => {
    await suppressionAdminRemove(ctx.deps.db, ctx.actor, input.id);
    return { ok: true };
  }),
});
