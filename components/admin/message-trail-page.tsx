"use client";
// /admin/messages/[id]: any message's trail, as its sender sees it plus the account and transport.
import { useQuery } from "@tanstack/react-query";
import { MessageTrailView } from "@/components/area/message-trail-view";
import { useTRPC } from "@/components/trpc/client";

export function MessageTrailPage({ id }: { id: string }) {
  const trpc = useTRPC();
  // The id goes as a string: query keys are hashed as JSON, which has no bigint.
  const trail = useQuery(trpc.admin.message.trail.queryOptions({ id }, { enabled: /^\d+$/.test(id) }));
  return <MessageTrailView id={id} area="admin" trail={trail} />;
}
