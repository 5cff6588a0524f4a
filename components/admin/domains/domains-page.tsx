"use client";
// /admin/domains: every domain with its addresses, DKIM keys, status and DNS health at a glance; add one,
// disable or enable it, remove it (refused while accounts have addresses there).
import { useMutation, useQuery } from "@tanstack/react-query";
import { Globe, Trash2 } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { ConfirmButton } from "../confirm-button";
import { DataTable, type Column } from "../data-table";
import { plural } from "../format";
import type { AppRouterOutputs } from "../types";
import { AddDomainDialog } from "./add-domain-dialog";
import { DnsHealth } from "./dns-status";
import { DomainStatusBadge, DomainStatusButton } from "./domain-status";
import { domainHref } from "./domain-href";

type Row = AppRouterOutputs["admin"]["domain"]["list"][number] & { id: string };

function dkimSummary(d: Row) {
  if (d.dkimKeyCount === 0) return <span className="text-muted-foreground">no keys</span>;
  return `${plural(d.dkimKeyCount, "key")}, ${d.signingKeyCount} signing`;
}

export function DomainsPage() {
  const trpc = useTRPC();
  const domains = useQuery(trpc.admin.domain.list.queryOptions());
  const remove = useMutation(
    trpc.admin.domain.remove.mutationOptions({
      onSuccess: (_r, v) => toast.success(`Removed ${v.domain}.`),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const columns: Column<Row>[] = [
    {
      key: "name",
      header: "Domain",
      cell: (d) => (
        <Link className="font-medium text-primary hover:underline" href={domainHref(d.name)}>
          {d.unicodeName}
          {d.unicodeName !== d.name && <span className="ml-1 font-normal text-muted-foreground">({d.name})</span>}
        </Link>
      ),
    },
    { key: "addresses", header: "Addresses", cell: (d) => d.addressCount, className: "text-right" },
    { key: "dkim", header: "DKIM", cell: dkimSummary },
    { key: "status", header: "Status", cell: (d) => <DomainStatusBadge domain={d} /> },
    { key: "dns", header: "DNS", cell: (d) => <DnsHealth domain={d.name} /> },
    {
      key: "actions",
      header: "Actions",
      className: "text-right",
      cell: (d) => (
        <div className="flex justify-end gap-2">
          <DomainStatusButton domain={d} />
          <ConfirmButton
            variant="outline"
            label={
              <>
                <Trash2 aria-hidden />
                <span className="sr-only">Remove {d.unicodeName}</span>
              </>
            }
            title={`Remove ${d.unicodeName}?`}
            description={
              d.addressCount > 0
                ? `${d.unicodeName} still has ${plural(d.addressCount, "address")}: removing it is refused until those addresses (or their accounts) are gone.`
                : `${d.unicodeName} is removed with its ${plural(d.dkimKeyCount, "DKIM key")} and its domain routes. Mail for it is no longer accepted. This cannot be undone.`
            }
            confirm="Remove domain"
            onConfirm={() => remove.mutate({ domain: d.name })}
          />
        </div>
      ),
    },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title="Domains" description="The domains this server sends and receives mail for. Open one for its addresses, DKIM keys and the DNS records to publish." actions={<AddDomainDialog />} />
      <DataTable
        label="Domains"
        columns={columns}
        rows={(domains.data ?? []).map((d) => ({ ...d, id: d.name }))}
        loading={domains.isPending}
        error={domains.error ? errorMessage(domains.error) : undefined}
        empty={{
          icon: <Globe />,
          title: "No domains yet",
          description: "Add the domain your addresses are at (example.org). Then generate its DKIM key and publish the DNS records the domain's page lists.",
          action: <AddDomainDialog label="Add your first domain" />,
        }}
      />
    </div>
  );
}
