// Transport names, for the queue's transport filter and "change transport" (editing comes with routes).
import { adminProcedure, router } from "../init";

export const adminTransportRouter = router({
  names: adminProcedure.query(async ({ ctx }) =>
    (await ctx.deps.db.transport.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((t) => t.name),
  ),
});
