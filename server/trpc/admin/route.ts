// Routes (spec 10): per sender account, per sender domain and global, ordered; and the tester that says which
// route a message would take. scopes lists the accounts and domains a route can belong to.
import { routeAdd, routeList, routeMove, routeRemove, routeScopes, routeTest } from "../../queue/route-admin";
import { adminProcedure, router } from "../init";
import { routeAddSchema, routeIdSchema, routeMoveSchema, routeTestSchema } from "./route-schemas";

export const adminRouteRouter = router({
  scopes: adminProcedure.query(({ ctx }) => routeScopes(ctx.deps.db)),
  list: adminProcedure.query(({ ctx }) => routeList(ctx.deps.db)),
  add: adminProcedure.input(routeAddSchema).mutation(({ ctx, input }) => routeAdd(ctx.deps.db, ctx.actor, input)),
  remove: adminProcedure.input(routeIdSchema).mutation(async ({ ctx, input }) => {
    await routeRemove(ctx.deps.db, ctx.actor, input.id);
    return { ok: true };
  }),
  move: adminProcedure.input(routeMoveSchema).mutation(({ ctx, input }) => routeMove(ctx.deps.db, ctx.actor, input)),
  test: adminProcedure.input(routeTestSchema).query(({ ctx, input }) => routeTest(ctx.deps.db, input)),
});
