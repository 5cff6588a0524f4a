"use client";
// /admin/webhooks/retired: webhook calls that are done (delivered, given up, canceled or superseded); failed
// ones can be replayed to the account's current webhook URL.
import { useMutation } from "@tanstack/react-query";
import { History, RotateCw } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import type { HookRetiredFilter } from "@/server/webhook/hook-filter";
import { DataTable } from "./data-table";
import { FilterBar } from "./filter-bar";
import { plural } from "./format";
import { hookColumns, HOOK_EVENT_OPTIONS } from "./hook-columns";
import type { AppRouterOutputs } from "./types";
import { useAdminList } from "./use-admin-list";
import type { FilterField, SortOption } from "./use-list-state";

type Row = AppRouterOutputs["admin"]["hook"]["retiredList"][number];

const SORTS: SortOption[] = [
  { value: "LastActivity.desc", label: "Last activity ↓" },
  { value: "LastActivity.asc", label: "Last activity ↑" },
  { value: "Submitted.desc", label: "Submitted ↓" },
  { value: "Submitted.asc", label: "Submitted ↑" },
];

const FIELDS: FilterField[] = [
  { key: "lastActivity", label: "Last activity", kind: "time" },
  { key: "submitted", label: "Submitted", kind: "time" },
  { key: "account", label: "Account", kind: "text" },
  { key: "event", label: "Event", kind: "select", options: HOOK_EVENT_OPTIONS },
];

function toFilter(v: Record<string, string>): HookRetiredFilter {
  const f: HookRetiredFilter = {};
  for (const k of ["submitted", "account", "lastActivity"] as const) if (v[k]) f[k] = v[k];
  if (v.event) f.event = v.event as HookRetiredFilter["event"];
  return f;
}

export function HooksRetiredPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const { filtered, filterBar, table } = useAdminList({
    key: "hooks-retired",
    fields: FIELDS,
    sorts: SORTS,
    toFilter,
    fetchPage: (filter, sort, limit) => client.admin.hook.retiredList.query({ filter, sort: { ...sort, field: sort.field as "LastActivity" }, limit }),
    sortTime: (r: Row, field) => (field === "Submitted" ? r.submitted : r.lastActivity),
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const replay = useMutation(
    trpc.admin.hook.replay.mutationOptions({
      onError: (e) => toast.error(errorMessage(e)),
      onSuccess: (r) => {
        toast.success(`Queued ${plural(r.count, "webhook")} again`, { action: { label: "View queue", onClick: () => router.push("/admin/webhooks") } });
        setSelected(new Set());
      },
    }),
  );
  return (
    <div className="space-y-4">
      <PageHeader
        title="Retired webhooks"
        description="Webhook calls that are done: delivered, given up after their last retry, canceled, or superseded by a newer event."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href="/admin/webhooks">Webhook queue</Link>
          </Button>
        }
      />
      <FilterBar {...filterBar} />
      <section aria-label="Change webhooks" className="flex flex-wrap items-center gap-2 rounded-lg border bg-card p-2">
        <span className="px-1 text-sm">{plural(selected.size, "webhook")} selected</span>
        <Button size="sm" variant="outline" disabled={selected.size === 0 || replay.isPending} onClick={() => replay.mutate({ ids: [...selected].map(BigInt) })}>
          <RotateCw className="size-4" aria-hidden /> Replay
        </Button>
      </section>
      <DataTable<Row>
        label="Retired webhooks"
        columns={hookColumns<Row>("retired")}
        {...table}
        selected={selected}
        onSelectedChange={setSelected}
        empty={{
          icon: <History className="size-8" aria-hidden />,
          title: filtered ? "No retired webhooks match this filter" : "No retired webhooks",
          description: "Finished webhook calls are kept here only when the account keeps retired webhooks (its retention period is more than 0).",
        }}
      />
    </div>
  );
}
