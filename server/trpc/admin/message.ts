// One message's trail: submission, attempts, retirement, webhooks and suppression on one timeline.
import { messageTrail } from "../../trail/message-trail";
import { adminProcedure, router } from "../init";
import { idSchema } from "./schemas";

export const adminMessageRouter = router({
  trail: adminProcedure.input(idSchema).query(({ ctx, input }) => messageTrail({ db: ctx.deps.db, clock: ctx.deps.clock, kick: ctx.deps.kick }, input.id)),
});
