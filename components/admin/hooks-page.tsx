"use client";
// /admin/webhooks: webhook calls waiting for (another) attempt, with their attempts and responses; reschedule
// or cancel the ticked ones or all the filter matches.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Webhook } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import type { HookFilter } from "@/server/webhook/hook-filter";
import { BulkActions, type Scope } from "./bulk-actions";
import { ConfirmButton } from "./confirm-button";
import { DataTable } from "./data-table";
import { FilterBar } from "./filter-bar";
import { plural } from "./format";
import { hookColumns, HOOK_EVENT_OPTIONS } from "./hook-columns";
import { ScheduleMenu } from "./schedule-menu";
import type { AppRouterOutputs } from "./types";
import { useAdminList } from "./use-admin-list";
import type { FilterField, SortOption } from "./use-list-state";

type Row = AppRouterOutputs["admin"]["hook"]["list"][number];

const SORTS: SortOption[] = [
  { value: "NextAttempt.asc", label: "Next attempt ↑" },
  { value: "NextAttempt.desc", label: "Next attempt ↓" },
  { value: "Submitted.desc", label: "Submitted ↓" },
  { value: "Submitted.asc", label: "Submitted ↑" },
];

const FIELDS: FilterField[] = [
  { key: "submitted", label: "Submitted", kind: "time" },
  { key: "account", label: "Account", kind: "text" },
  { key: "event", label: "Event", kind: "select", options: HOOK_EVENT_OPTIONS },
  { key: "nextAttempt", label: "Next attempt", kind: "time" },
];

function toFilter(v: Record<string, string>): HookFilter {
  const f: HookFilter = {};
  for (const k of ["submitted", "account", "nextAttempt"] as const) if (v[k]) f[k] = v[k];
  if (v.event) f.event = v.event as HookFilter["event"];
  return f;
}

export function HooksPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { filter, filtered, filterBar, table } = useAdminList({
    key: "hooks",
    fields: FIELDS,
    sorts: SORTS,
    toFilter,
    fetchPage: (filter, sort, limit) => client.admin.hook.list.query({ filter, sort: { ...sort, field: sort.field as "NextAttempt" }, limit }),
    sortTime: (r: Row, field) => (field === "Submitted" ? r.submitted : r.nextAttempt),
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [scope, setScope] = useState<Scope>("selected");
  const match = useQuery({ ...trpc.admin.hook.count.queryOptions({ filter }), enabled: scope === "filter" });
  const target: HookFilter = scope === "selected" ? { ids: [...selected].map(BigInt) } : filter;
  const done = (what: string) => (r: { count: number }) => {
    toast.success(`${what} ${plural(r.count, "webhook")}`);
    setSelected(new Set());
  };
  const onError = (err: unknown) => toast.error(errorMessage(err));
  const schedule = useMutation(trpc.admin.hook.schedule.mutationOptions({ onError, onSuccess: done("Rescheduled") }));
  const cancel = useMutation(trpc.admin.hook.cancel.mutationOptions({ onError, onSuccess: done("Canceled") }));
  return (
    <div className="space-y-4">
      <PageHeader
        title="Webhook queue"
        description="Webhook calls waiting for their next attempt. Failed calls are retried with backoff; each attempt's response is kept."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href="/admin/webhooks/retired">Retired webhooks</Link>
          </Button>
        }
      />
      <FilterBar {...filterBar} />
      <BulkActions scope={scope} onScope={setScope} selectedCount={selected.size} match={match}>
        {({ count, ready }) => (
          <>
            <ScheduleMenu disabled={!ready} onSchedule={(s) => schedule.mutate({ filter: target, ...s })} />
            <ConfirmButton
              label="Cancel"
              disabled={!ready}
              title={`Cancel ${plural(count, "webhook")}?`}
              description={`${plural(count, "webhook")} will not be attempted again. They are kept as failed in the retired webhooks (if the account keeps them), from where they can be replayed.`}
              confirm={`Cancel ${plural(count, "webhook")}`}
              onConfirm={() => cancel.mutate({ filter: target })}
            />
          </>
        )}
      </BulkActions>
      <DataTable<Row>
        label="Queued webhooks"
        columns={hookColumns<Row>("queued")}
        {...table}
        selected={selected}
        onSelectedChange={setSelected}
        empty={{
          icon: <Webhook className="size-8" aria-hidden />,
          title: filtered ? "No queued webhooks match this filter" : "No webhooks waiting",
          description: "Webhook calls wait here only while their URL has not answered with a 2xx yet. Accounts set their webhook URLs in account settings.",
        }}
      />
    </div>
  );
}
