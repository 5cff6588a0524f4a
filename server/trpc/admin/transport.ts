// Transports (spec 10): named ways out that routes and the queue's "change transport" pick. Passwords are
// write-only: no procedure returns one. names serves the queue page's transport filter and select.
import { transportAdd, transportGet, transportList, transportRemove, transportSpec, transportUpdate } from "../../queue/transport-admin";
import { testTransport } from "../../queue/transport-test";
import { adminProcedure, router } from "../init";
import { transportNameSchema, transportSchema } from "./route-schemas";

export const adminTransportRouter = router({
  names: adminProcedure.query(async ({ ctx }) =>
    (await ctx.deps.db.transport.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((t) => t.name),
  ),
  list: adminProcedure.query(({ ctx }) => transportList(ctx.deps.db)),
  get: adminProcedure.input(transportNameSchema).query(({ ctx, input }) => transportGet(ctx.deps.db, input.name)),
  add: adminProcedure.input(transportSchema).mutation(({ ctx, input }) => transportAdd(ctx.deps.db, ctx.actor, input)),
  update: adminProcedure.input(transportSchema).mutation(({ ctx, input }) => transportUpdate(ctx.deps.db, ctx.actor, input)),
  remove: adminProcedure.input(transportNameSchema).mutation(async ({ ctx, input }) => {
    await transportRemove(ctx.deps.db, ctx.actor, input.name);
    return { ok: true };
  }),
  // A mutation: it opens a connection to the outside, which a query refetched in the background must not do.
  test: adminProcedure.input(transportNameSchema).mutation(async ({ ctx, input }) => testTransport(await transportSpec(ctx.deps.db, input.name), { hostname: ctx.deps.hostname })),
});
