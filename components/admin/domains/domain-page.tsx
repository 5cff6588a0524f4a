"use client";
// /admin/domains/[domain]: one domain's settings, addresses, DKIM keys with the rotation guide, the DNS records
// to publish with what DNS has now, and the settings mail programs need.
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Globe } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { DkimKeys } from "./dkim-keys";
import { DomainAddresses } from "./domain-addresses";
import { DomainSettings } from "./domain-settings";
import { DomainStatusBadge, DomainStatusButton } from "./domain-status";
import { DnsRecords } from "./dns-records";

export function DomainPage({ domain }: { domain: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.admin.domain.get.queryOptions({ domain }));
  const back = (
    <Link href="/admin/domains" className="inline-flex items-center gap-1 hover:text-foreground hover:underline">
      <ArrowLeft className="size-3.5" aria-hidden /> Domains
    </Link>
  );
  if (detail.isPending) return <Skeleton className="h-64 w-full" />;
  if (detail.error) {
    return (
      <div className="space-y-4">
        <PageHeader eyebrow={back} title={domain} />
        <EmptyState
          icon={Globe}
          title={detail.error.data?.code === "NOT_FOUND" ? `No domain ${domain} here` : "Cannot load this domain"}
          description={detail.error.data?.code === "NOT_FOUND" ? "It may have been removed. Add it again from the list of domains." : errorMessage(detail.error)}
          action={
            <Button asChild size="sm" variant="outline">
              <Link href="/admin/domains">All domains</Link>
            </Button>
          }
        />
      </div>
    );
  }
  const d = detail.data;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={back}
        title={d.unicodeName}
        description={d.unicodeName !== d.name ? `ASCII name ${d.name}` : undefined}
        actions={<DomainStatusButton domain={d} />}
      >
        <div className="pt-1">
          <DomainStatusBadge domain={d} />
        </div>
      </PageHeader>
      <DomainAddresses domain={d} />
      <DkimKeys domain={d} />
      <DnsRecords domain={d} />
      <DomainSettings domain={d} />
    </div>
  );
}
