"use client";
// The DNS check of one domain, shared by the records table and the rotation guide: "Check DNS" looks every
// record up again and re-derives the rotation step from what it finds.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { DNS_CHECK_STALE_MS, NOT_LIVE } from "./dns-status";

export function useDnsCheck(domain: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const check = useQuery(trpc.admin.domain.checkDns.queryOptions({ domain }, { staleTime: DNS_CHECK_STALE_MS, meta: NOT_LIVE }));
  const run = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.admin.domain.checkDns.queryKey({ domain }) }),
      queryClient.invalidateQueries({ queryKey: trpc.admin.dkim.rotation.queryKey({ domain }) }),
    ]);
  return { check, run, checking: check.isFetching };
}
