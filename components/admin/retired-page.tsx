"use client";
// /admin/queue/retired: messages that left the queue (delivered, failed, dropped), kept for the sender
// account's retention period.
import { Archive } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { formatBytes } from "@/components/ui/format-bytes";
import { useTRPCClient } from "@/components/trpc/client";
import type { RetiredFilter } from "@/server/queue/filter";
import { DataTable, type Column } from "./data-table";
import { FilterBar } from "./filter-bar";
import { lastError, recipientOf, requireTlsLabel, senderOf } from "./format";
import type { AppRouterOutputs } from "./types";
import { useAdminList } from "./use-admin-list";
import type { FilterField, SortOption } from "./use-list-state";

type Row = AppRouterOutputs["admin"]["queue"]["retiredList"][number];

const SORTS: SortOption[] = [
  { value: "LastActivity.desc", label: "Last activity ↓" },
  { value: "LastActivity.asc", label: "Last activity ↑" },
  { value: "Queued.desc", label: "Submitted ↓" },
  { value: "Queued.asc", label: "Submitted ↑" },
];

const FIELDS: FilterField[] = [
  { key: "success", label: "Result", kind: "select", options: [{ value: "", label: "Any" }, { value: "yes", label: "Delivered" }, { value: "no", label: "Failed" }] },
  { key: "lastActivity", label: "Last activity", kind: "time" },
  { key: "submitted", label: "Submitted", kind: "time" },
  { key: "account", label: "Account", kind: "text" },
  { key: "from", label: "From", kind: "text", placeholder: "@example.com" },
  { key: "to", label: "To", kind: "text", placeholder: "@example.com" },
];

function toFilter(v: Record<string, string>): RetiredFilter {
  const f: RetiredFilter = {};
  for (const k of ["submitted", "account", "from", "to", "lastActivity"] as const) if (v[k]) f[k] = v[k];
  if (v.success) f.success = v.success === "yes";
  return f;
}

const columns: Column<Row>[] = [
  { key: "id", header: "ID", cell: (m) => <Link className="font-mono text-primary hover:underline" href={`/admin/messages/${m.id}`}>{String(m.id)}</Link> },
  { key: "success", header: "Result", cell: (m) => (m.success ? <Badge variant="success">delivered</Badge> : <Badge variant="destructive">failed</Badge>) },
  { key: "lastActivity", header: "Last activity", cell: (m) => <RelativeTime date={m.lastActivity} /> },
  { key: "queued", header: "Submitted", cell: (m) => <RelativeTime date={m.queued} /> },
  { key: "account", header: "Account", cell: (m) => m.senderAccount },
  { key: "from", header: "From", cell: (m) => senderOf(m) },
  { key: "to", header: "To", cell: (m) => recipientOf(m) },
  { key: "size", header: "Size", cell: (m) => formatBytes(Number(m.size)), className: "text-right" },
  { key: "attempts", header: "Attempts", cell: (m) => m.attempts, className: "text-right" },
  { key: "last", header: "Last attempt", cell: (m) => <RelativeTime date={m.lastAttempt} /> },
  { key: "error", header: "Last error", cell: (m) => <span className="block max-w-72 truncate" title={lastError(m.results)}>{lastError(m.results) || "—"}</span> },
  { key: "tls", header: "Require TLS", cell: (m) => requireTlsLabel(m.requireTls) },
  { key: "transport", header: "Transport", cell: (m) => m.transport || <span className="text-muted-foreground">default</span> },
];

export function RetiredPage() {
  const client = useTRPCClient();
  const { filtered, filterBar, table } = useAdminList({
    key: "retired",
    fields: FIELDS,
    sorts: SORTS,
    toFilter,
    fetchPage: (filter, sort, limit) => client.admin.queue.retiredList.query({ filter, sort: { ...sort, field: sort.field as "LastActivity" }, limit }),
    sortTime: (r: Row, field) => (field === "Queued" ? r.queued : r.lastActivity),
  });
  return (
    <div className="space-y-4">
      <PageHeader
        title="Retired messages"
        description="Messages that left the queue: delivered, failed or removed. Kept as long as the sender account's retention says."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href="/admin/queue">Queue</Link>
          </Button>
        }
      />
      <FilterBar {...filterBar} />
      <DataTable
        label="Retired messages"
        columns={columns}
        {...table}
        empty={{
          icon: <Archive className="size-8" aria-hidden />,
          title: filtered ? "No retired messages match this filter" : "No retired messages",
          description: "Messages are kept here after delivery or failure only when the sender account keeps retired messages (its retention period is more than 0).",
        }}
      />
    </div>
  );
}
