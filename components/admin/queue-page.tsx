"use client";
// /admin/queue: hold rules, then the queued messages with filters, and changes to the ticked messages or to
// everything the filter matches.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Inbox, PauseCircle, PlayCircle } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import { formatBytes } from "@/components/ui/format-bytes";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import type { QueueFilter } from "@/server/queue/filter";
import { BulkActions, type Scope } from "./bulk-actions";
import { ConfirmButton } from "./confirm-button";
import { DataTable, type Column } from "./data-table";
import { FilterBar } from "./filter-bar";
import { lastError, plural, recipientOf, requireTlsLabel, senderOf } from "./format";
import { HoldRules } from "./hold-rules";
import { ScheduleMenu } from "./schedule-menu";
import { useAdminList } from "./use-admin-list";
import type { FilterField, SortOption } from "./use-list-state";
import type { AppRouterOutputs } from "./types";

type Row = AppRouterOutputs["admin"]["queue"]["list"][number];

const SORTS: SortOption[] = [
  { value: "NextAttempt.asc", label: "Next attempt ↑" },
  { value: "NextAttempt.desc", label: "Next attempt ↓" },
  { value: "Queued.desc", label: "Submitted ↓" },
  { value: "Queued.asc", label: "Submitted ↑" },
];

function fields(transports: string[]): FilterField[] {
  return [
    { key: "submitted", label: "Submitted", kind: "time" },
    { key: "account", label: "Account", kind: "text" },
    { key: "from", label: "From", kind: "text", placeholder: "@example.com" },
    { key: "to", label: "To", kind: "text", placeholder: "@example.com" },
    { key: "hold", label: "Hold", kind: "select", options: [{ value: "", label: "Any" }, { value: "yes", label: "Held" }, { value: "no", label: "Not held" }] },
    { key: "nextAttempt", label: "Next attempt", kind: "time" },
    {
      key: "transport",
      label: "Transport",
      kind: "select",
      hidden: transports.length === 0,
      options: [{ value: "", label: "Any" }, { value: "(default)", label: "Default routing" }, ...transports.map((t) => ({ value: t, label: t }))],
    },
  ];
}

export function toQueueFilter(v: Record<string, string>): QueueFilter {
  const f: QueueFilter = {};
  for (const k of ["submitted", "account", "from", "to", "nextAttempt"] as const) if (v[k]) f[k] = v[k];
  if (v.hold) f.hold = v.hold === "yes";
  if (v.transport) f.transport = v.transport === "(default)" ? "" : v.transport;
  return f;
}

const columns: Column<Row>[] = [
  { key: "id", header: "ID", cell: (m) => <Link className="font-mono text-primary hover:underline" href={`/admin/messages/${m.id}`}>{String(m.id)}{m.baseId && m.baseId !== m.id ? <span className="text-muted-foreground">/{String(m.baseId)}</span> : null}</Link> },
  { key: "queued", header: "Submitted", cell: (m) => <RelativeTime date={m.queued} /> },
  { key: "account", header: "Account", cell: (m) => m.senderAccount },
  { key: "from", header: "From", cell: (m) => senderOf(m) },
  { key: "to", header: "To", cell: (m) => recipientOf(m) },
  { key: "size", header: "Size", cell: (m) => formatBytes(Number(m.size)), className: "text-right" },
  { key: "attempts", header: "Attempts", cell: (m) => m.attempts, className: "text-right" },
  { key: "hold", header: "Hold", cell: (m) => (m.hold ? <Badge variant="warning">held</Badge> : <span className="text-muted-foreground">no</span>) },
  { key: "next", header: "Next attempt", cell: (m) => (m.hold ? <span className="text-muted-foreground">on hold</span> : <RelativeTime date={m.nextAttempt} />) },
  { key: "last", header: "Last attempt", cell: (m) => <RelativeTime date={m.lastAttempt} /> },
  { key: "error", header: "Last error", cell: (m) => <span className="block max-w-72 truncate" title={lastError(m.results)}>{lastError(m.results) || "—"}</span> },
  { key: "transport", header: "Transport", cell: (m) => m.transport || <span className="text-muted-foreground">default</span> },
  { key: "tls", header: "Require TLS", cell: (m) => requireTlsLabel(m.requireTls) },
];

export function QueuePage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const transports = useQuery(trpc.admin.transport.names.queryOptions());
  const filterFields = fields(transports.data ?? []);
  const { filter, filtered, filterBar, table } = useAdminList({
    key: "queue",
    fields: filterFields,
    sorts: SORTS,
    toFilter: toQueueFilter,
    fetchPage: (filter, sort, limit) => client.admin.queue.list.query({ filter, sort: { ...sort, field: sort.field as "NextAttempt" }, limit }),
    sortTime: (m: Row, field) => (field === "Queued" ? m.queued : m.nextAttempt),
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [scope, setScope] = useState<Scope>("selected");
  const match = useQuery({ ...trpc.admin.queue.count.queryOptions({ filter }), enabled: scope === "filter" });
  const target: QueueFilter = scope === "selected" ? { ids: [...selected].map(BigInt) } : filter;
  const done = (what: string) => (r: { count: number }) => {
    toast.success(`${what} ${plural(r.count, "message")}`);
    setSelected(new Set());
  };
  const onError = (err: unknown) => toast.error(errorMessage(err));

  const holdSet = useMutation(
    trpc.admin.queue.holdSet.mutationOptions({
      onError,
      onSuccess: (r, vars) => {
        setSelected(new Set());
        toast.success(`${vars.hold ? "Held" : "Released"} ${plural(r.count, "message")}`, {
          action: r.ids.length > 0 ? { label: "Undo", onClick: () => holdSet.mutate({ filter: { ids: r.ids }, hold: !vars.hold }) } : undefined,
        });
      },
    }),
  );
  const schedule = useMutation(trpc.admin.queue.schedule.mutationOptions({ onError, onSuccess: done("Rescheduled") }));
  const requireTls = useMutation(trpc.admin.queue.requireTlsSet.mutationOptions({ onError, onSuccess: done("Changed TLS policy of") }));
  const transport = useMutation(trpc.admin.queue.transportSet.mutationOptions({ onError, onSuccess: done("Changed transport of") }));
  const fail = useMutation(trpc.admin.queue.fail.mutationOptions({ onError, onSuccess: done("Failed") }));
  const drop = useMutation(trpc.admin.queue.drop.mutationOptions({ onError, onSuccess: done("Removed") }));

  return (
    <div className="space-y-6">
      <PageHeader
        title="Outgoing queue"
        description="Messages waiting for delivery. Held messages wait until released; the rest are attempted at their next attempt time."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href="/admin/queue/retired">Retired messages</Link>
          </Button>
        }
      />
      <HoldRules />
      <section aria-labelledby="messages-heading" className="space-y-3">
        <h2 id="messages-heading" className="text-lg font-semibold">
          Messages
        </h2>
        <FilterBar {...filterBar} />
        <BulkActions scope={scope} onScope={setScope} selectedCount={selected.size} match={match}>
          {({ count, ready }) => (
            <>
              <Button size="sm" variant="outline" disabled={!ready || holdSet.isPending} onClick={() => holdSet.mutate({ filter: target, hold: true })}>
                <PauseCircle className="size-4" aria-hidden /> Hold
              </Button>
              <Button size="sm" variant="outline" disabled={!ready || holdSet.isPending} onClick={() => holdSet.mutate({ filter: target, hold: false })}>
                <PlayCircle className="size-4" aria-hidden /> Release
              </Button>
              <ScheduleMenu disabled={!ready} onSchedule={(s) => schedule.mutate({ filter: target, ...s })} />
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <Button size="sm" variant="outline" disabled={!ready}>
                    Require TLS
                  </Button>
                </DropdownMenuTrigger>
                <DropdownMenuContent>
                  {[null, true, false].map((v) => (
                    <DropdownMenuItem key={String(v)} onSelect={() => requireTls.mutate({ filter: target, requireTls: v })}>
                      {requireTlsLabel(v)}
                    </DropdownMenuItem>
                  ))}
                </DropdownMenuContent>
              </DropdownMenu>
              {(transports.data ?? []).length > 0 && (
                <DropdownMenu>
                  <DropdownMenuTrigger asChild>
                    <Button size="sm" variant="outline" disabled={!ready}>
                      Transport
                    </Button>
                  </DropdownMenuTrigger>
                  <DropdownMenuContent>
                    {["", ...(transports.data ?? [])].map((t) => (
                      <DropdownMenuItem key={t} onSelect={() => transport.mutate({ filter: target, transport: t })}>
                        {t || "Default routing"}
                      </DropdownMenuItem>
                    ))}
                  </DropdownMenuContent>
                </DropdownMenu>
              )}
              <ConfirmButton
                label="Fail delivery"
                disabled={!ready}
                title={`Fail delivery of ${plural(count, "message")}?`}
                description={`${plural(count, "message")} will leave the queue without another attempt. Each sender gets a failure DSN in their Inbox, and a "failed" webhook is sent. This cannot be undone.`}
                confirm={`Fail ${plural(count, "message")}`}
                onConfirm={() => fail.mutate({ filter: target })}
              />
              <ConfirmButton
                label="Remove"
                disabled={!ready}
                title={`Remove ${plural(count, "message")}?`}
                description={`${plural(count, "message")} will leave the queue without another attempt and without a DSN to the sender; a "canceled" webhook is sent. This cannot be undone.`}
                confirm={`Remove ${plural(count, "message")}`}
                onConfirm={() => drop.mutate({ filter: target })}
              />
            </>
          )}
        </BulkActions>
        <DataTable
          label="Queued messages"
          columns={columns}
          {...table}
          selected={selected}
          onSelectedChange={setSelected}
          empty={{
            icon: <Inbox className="size-8" aria-hidden />,
            title: filtered ? "No queued messages match this filter" : "The queue is empty",
            description: Object.keys(filter).length
              ? "Change or reset the filter."
              : "Messages appear here as soon as they are submitted over the webapi or SMTP, and leave when delivered or failed.",
          }}
        />
      </section>
    </div>
  );
}
