// One subscription per page: which tables changed. Pages refetch what shows those tables. Each event is
// tracked, so a reconnecting page sends the last id it saw and hears at once if it missed anything.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { ALL_TABLES } from "../../live/change-feed";
import { adminProcedure, router } from "../init";

export const adminLiveRouter = router({
  changes: adminProcedure.input(z.strictObject({ lastEventId: z.string().max(100).nullish() }).optional()).subscription(async function* ({ ctx, input, signal }) {
    const feed = ctx.deps.changes;
    if (feed.missedSince(input?.lastEventId)) yield tracked(feed.eventId(feed.current), { tables: ALL_TABLES });
    for await (const change of feed.changes(signal)) yield tracked(feed.eventId(change.seq), { tables: change.tables });
  }),
});
