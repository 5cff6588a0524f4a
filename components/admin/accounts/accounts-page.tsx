"use client";
// /admin/accounts: every account with its addresses and what it uses of its limits today, filtered by name or
// address on the server, sorted and paged, the view in the URL. Adding one opens its page.
import { Users } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { formatBytes } from "@/components/ui/format-bytes";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPCClient } from "@/components/trpc/client";
import type { AccountSort } from "@/server/trpc/admin/account-schemas";
import { DataTable, type Column } from "../data-table";
import { FilterBar } from "../filter-bar";
import type { AppRouterOutputs } from "../types";
import { useCursorList } from "../use-cursor-list";
import type { FilterField, SortOption } from "../use-list-state";
import { accountHref } from "./account-href";
import { AddAccountDialog } from "./add-account-dialog";
import { UsageMeter } from "./usage-meter";

type Row = AppRouterOutputs["admin"]["account"]["list"]["rows"][number];

const FIELDS: FilterField[] = [{ key: "q", label: "Name or address", kind: "text", placeholder: "alice, @example.org" }];
const SORTS: SortOption[] = [
  { value: "name.asc", label: "Name A–Z" },
  { value: "name.desc", label: "Name Z–A" },
  { value: "created.desc", label: "Newest first" },
  { value: "created.asc", label: "Oldest first" },
];
const MAX_ADDRESSES = 3;

const columns: Column<Row>[] = [
  {
    key: "name",
    header: "Account",
    cell: (a) => (
      <div className="flex flex-col">
        <Link href={accountHref(a.name)} className="font-medium text-primary hover:underline">
          {a.name}
        </Link>
        {a.fullName && <span className="text-xs text-muted-foreground">{a.fullName}</span>}
      </div>
    ),
  },
  {
    key: "addresses",
    header: "Addresses",
    cell: (a) => (
      <span title={a.addresses.join("\n")}>
        {a.addresses.slice(0, MAX_ADDRESSES).join(", ")}
        {a.addresses.length > MAX_ADDRESSES && <span className="text-muted-foreground"> +{a.addresses.length - MAX_ADDRESSES} more</span>}
      </span>
    ),
  },
  { key: "sent", header: "Sent (24 h)", cell: (a) => <UsageMeter used={a.messagesToday} limit={a.maxOutgoingMessagesPerDay} label={`${a.name}: sent in the last 24 hours`} /> },
  {
    key: "storage",
    header: "Storage",
    cell: (a) => <UsageMeter used={a.storageUsed} limit={a.quota || undefined} format={(n) => formatBytes(n)} label={`${a.name}: storage used`} />,
  },
  { key: "login", header: "Login", cell: (a) => (a.loginDisabled ? <Badge variant="warning" title={a.loginDisabled}>disabled</Badge> : <span className="text-muted-foreground">enabled</span>) },
  { key: "created", header: "Created", cell: (a) => <RelativeTime date={a.createdAt} /> },
];

const toFilter = (v: Record<string, string>) => (v.q ? { search: v.q } : {});

export function AccountsPage() {
  const client = useTRPCClient();
  const list = useCursorList({
    key: "accounts",
    fields: FIELDS,
    sorts: SORTS,
    toFilter,
    fetchPage: (filter, sort, cursor: string | undefined) => client.admin.account.list.query({ filter, sort: sort as AccountSort, cursor }),
  });
  return (
    <div className="space-y-4">
      <PageHeader
        title="Accounts"
        description={`Each account has its own addresses, password, mail and limits.${list.total !== undefined ? ` ${list.total} in this view.` : ""}`}
        actions={<AddAccountDialog />}
      />
      <FilterBar {...list.filterBar} />
      <DataTable
        label="Accounts"
        columns={columns}
        {...list.table}
        empty={{
          icon: <Users className="size-5" aria-hidden />,
          title: list.filtered ? "No account matches this filter" : "No accounts yet",
          description: list.filtered ? "Try part of a name or address, or reset the filter." : "Add an account with its first address; the address's domain must exist here first.",
          action: list.filtered ? undefined : <AddAccountDialog label="Add the first account" />,
        }}
      />
    </div>
  );
}
