"use client";
// /account/messages: the user's outgoing messages, queued and retired, in one list. Found by recipient,
// Message-ID, FromID or an Extra key=value, with filter and sort in the URL; each opens its trail.
import { Send } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { DataTable, type Column } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import type { AppRouterOutputs } from "@/components/admin/types";
import { useAdminList } from "@/components/admin/use-admin-list";
import type { FilterField, SortOption } from "@/components/admin/use-list-state";
import { useTRPCClient } from "@/components/trpc/client";
import { accountMessageFilterSchema } from "@/server/trpc/account/message-schemas";
import type { z } from "zod";
import { MessageState } from "@/components/area/message-state";

type Row = AppRouterOutputs["account"]["message"]["list"][number];
type Filter = z.input<typeof accountMessageFilterSchema>;

const SORTS: SortOption[] = [
  { value: "Queued.desc", label: "Newest first" },
  { value: "Queued.asc", label: "Oldest first" },
];

const FIELDS: FilterField[] = [
  { key: "to", label: "Recipient", kind: "text", placeholder: "name@example.com, @example.com" },
  { key: "messageId", label: "Message-ID", kind: "text", placeholder: "<id@example.org>" },
  { key: "fromId", label: "FromID", kind: "text" },
  { key: "extra", label: "Extra", kind: "text", placeholder: "customer=42" },
  {
    key: "state",
    label: "State",
    kind: "select",
    options: [
      { value: "", label: "Any" },
      { value: "queued", label: "In the queue" },
      { value: "held", label: "Held" },
      { value: "delivered", label: "Delivered" },
      { value: "failed", label: "Failed" },
    ],
  },
  { key: "submitted", label: "Submitted", kind: "time" },
];

const toFilter = (v: Record<string, string>): Filter => Object.fromEntries(Object.entries(v).filter(([k, value]) => k !== "sort" && value));

// The procedure's own schema, checked here so a mistake reads as a sentence in the filter bar.
function checked(filter: Filter) {
  const parsed = accountMessageFilterSchema.safeParse(filter);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join("; "));
  return parsed.data;
}

const lastError = (m: Row) => (m.lastResult && !m.lastResult.Success ? m.lastResult.Error : "");

const columns: Column<Row>[] = [
  {
    key: "id",
    header: "ID",
    cell: (m) => (
      <Link className="font-mono text-primary hover:underline" href={`/account/messages/${m.id}`} aria-label={`Message ${m.id}`}>
        {String(m.id)}
      </Link>
    ),
  },
  { key: "queued", header: "Submitted", cell: (m) => <RelativeTime date={m.queued} /> },
  { key: "to", header: "To", cell: (m) => m.recipient },
  { key: "subject", header: "Subject", cell: (m) => <span className="block max-w-64 truncate" title={m.subject}>{m.subject || "—"}</span> },
  { key: "state", header: "State", cell: (m) => <MessageState m={m} lastError={lastError(m)} /> },
  { key: "attempts", header: "Attempts", cell: (m) => m.attempts, className: "text-right" },
  {
    key: "when",
    header: "Next / last",
    cell: (m) =>
      m.state === "queued" ? m.hold ? <span className="text-muted-foreground">on hold</span> : <>next <RelativeTime date={m.nextAttempt} /></> : <RelativeTime date={m.lastActivity} />,
  },
  { key: "error", header: "Last error", cell: (m) => <span className="block max-w-72 truncate" title={lastError(m)}>{lastError(m) || "—"}</span> },
  { key: "fromId", header: "FromID", cell: (m) => <span className="font-mono text-xs">{m.fromId || "—"}</span> },
  {
    key: "extra",
    header: "Extra",
    cell: (m) => (
      <span className="block max-w-64 truncate font-mono text-xs">
        {Object.entries((m.extra ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(" ") || "—"}
      </span>
    ),
  },
];

export function MessagesPage() {
  const client = useTRPCClient();
  const { filtered, filterBar, table } = useAdminList({
    key: "account-messages",
    fields: FIELDS,
    sorts: SORTS,
    toFilter,
    fetchPage: (filter, sort, limit) => client.account.message.list.query({ filter: checked(filter), sort: { asc: sort.asc, lastId: sort.lastId, last: sort.last }, limit }),
    sortTime: (m: Row) => m.queued,
  });
  return (
    <div className="space-y-4">
      <PageHeader
        title="Messages"
        description="Your outgoing messages: those still in the queue, and those that left it (kept as long as your retention setting says). Open one for its whole trail."
      />
      <FilterBar {...filterBar} />
      <DataTable
        label="Outgoing messages"
        columns={columns}
        {...table}
        empty={{
          icon: <Send />,
          title: filtered ? "No messages match the filter" : "No outgoing messages",
          description: filtered
            ? "Change or reset the filter. Messages that left the queue are only kept as long as your retention setting says."
            : "Messages you send over the webapi or SMTP submission appear here at once. Delivered and failed ones stay only if you keep retired messages (see Retention).",
        }}
      />
    </div>
  );
}
