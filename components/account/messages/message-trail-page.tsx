"use client";
// /account/messages/[id]: one of the user's own messages on its timeline; a queued one can be canceled.
import { useQuery } from "@tanstack/react-query";
import { MessageTrailView } from "@/components/area/message-trail-view";
import { useTRPC } from "@/components/trpc/client";
import { CancelMessage } from "./cancel-message";

export function MessageTrailPage({ id }: { id: string }) {
  const trpc = useTRPC();
  // The id goes as a string: query keys are hashed as JSON, which has no bigint.
  const trail = useQuery(trpc.account.message.trail.queryOptions({ id }, { enabled: /^\d+$/.test(id) }));
  return <MessageTrailView id={id} area="account" trail={trail} actions={(state) => (state === "queued" ? <CancelMessage id={id} /> : undefined)} />;
}
