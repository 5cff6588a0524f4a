"use client";
// How a DNS verdict looks: a badge whose word says the status (colour alone is not enough), and the summary
// of one domain's verdicts for the domain list.
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import type { AppRouterOutputs } from "../types";

export type Verdict = AppRouterOutputs["admin"]["domain"]["checkDns"]["verdicts"][number];

const LOOK: Record<Verdict["status"], { label: string; variant: "success" | "warning" | "destructive" | "secondary" }> = {
  ok: { label: "Correct", variant: "success" },
  warning: { label: "Check", variant: "warning" },
  wrong: { label: "Wrong", variant: "destructive" },
  missing: { label: "Missing", variant: "destructive" },
  failed: { label: "Lookup failed", variant: "secondary" },
};

export function VerdictBadge({ status }: { status: Verdict["status"] }) {
  return <Badge variant={LOOK[status].variant}>{LOOK[status].label}</Badge>;
}

// Checks run for a few minutes from the cache: the list would otherwise look every domain up on each visit.
export const DNS_CHECK_STALE_MS = 5 * 60_000;
// DNS checks are asked for when the page opens and by "Check DNS", not at every live change (area-shell.tsx).
export const NOT_LIVE = { live: false };

export function DnsHealth({ domain }: { domain: string }) {
  const trpc = useTRPC();
  const check = useQuery(trpc.admin.domain.checkDns.queryOptions({ domain }, { staleTime: DNS_CHECK_STALE_MS, meta: NOT_LIVE }));
  if (check.isPending) return <Skeleton className="h-5 w-24" aria-label="Checking DNS" />;
  if (check.error) return <Badge variant="secondary">Check failed</Badge>;
  const verdicts = check.data.verdicts;
  const bad = verdicts.filter((v) => v.status !== "ok");
  if (bad.length === 0) return <Badge variant="success">All {verdicts.length} records correct</Badge>;
  const worst = bad.some((v) => v.status === "wrong" || v.status === "missing") ? "destructive" : "warning";
  return (
    <Badge variant={worst} title={bad.map((v) => v.message).join("\n")}>
      {bad.length} of {verdicts.length} need attention
    </Badge>
  );
}
