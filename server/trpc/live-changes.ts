// The live-change subscription every area offers its pages: which tables changed. Pages refetch what shows
// those tables, each through its own scoped procedures. Each event is tracked, so a reconnecting page sends
// the last id it saw and hears at once if it missed anything.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { ALL_TABLES } from "../live/change-feed";
import type { TrpcContext } from "./context";

export const liveChangesInput = z.strictObject({ lastEventId: z.string().max(100).nullish() }).optional();

export async function* liveChanges(ctx: TrpcContext, input: z.infer<typeof liveChangesInput>, signal: AbortSignal | undefined) {
  const feed = ctx.deps.changes;
  if (feed.missedSince(input?.lastEventId)) yield tracked(feed.eventId(feed.current), { tables: ALL_TABLES });
  for await (const change of feed.changes(signal)) yield tracked(feed.eventId(change.seq), { tables: change.tables });
}
