"use client";
// Suppressions of every account, or of one (on the account page): search by address or base address, filter
// by account, kind and reason; each automatic entry says what caused it and links to that message's trail.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Ban, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import { suppressionAddSchema } from "@/server/trpc/admin/schemas";
import { AddSuppressionDialog, suppressionCount } from "@/components/area/add-suppression-dialog";
import { suppressionColumns } from "@/components/area/suppression-columns";
import { DataTable } from "../data-table";
import { FilterBar } from "../filter-bar";
import type { AppRouterOutputs } from "../types";
import { useCursorList } from "../use-cursor-list";
import type { FilterField, SortOption } from "../use-list-state";

type Row = AppRouterOutputs["admin"]["suppression"]["list"]["rows"][number];
type Filter = { search?: string; account?: string; kind?: "manual" | "automatic"; reason?: string };

const SORTS: SortOption[] = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
];

const fieldsFor = (fixedAccount: boolean): FilterField[] => [
  { key: "q", label: "Address", kind: "text", placeholder: "name@example.com" },
  { key: "account", label: "Account", kind: "text", hidden: fixedAccount },
  {
    key: "kind",
    label: "Kind",
    kind: "select",
    options: [
      { value: "", label: "Any" },
      { value: "automatic", label: "Automatic" },
      { value: "manual", label: "Manual" },
    ],
  },
  { key: "reason", label: "Reason", kind: "text", placeholder: "550, consecutive" },
];

export function SuppressionTable({ account }: { account?: string }) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const [adding, setAdding] = useState(false);
  const accounts = useQuery(trpc.admin.account.names.queryOptions(undefined, { enabled: adding && account === undefined }));
  const list = useCursorList({
    key: `suppressions:${account ?? ""}`,
    fields: fieldsFor(account !== undefined),
    sorts: SORTS,
    toFilter: (v): Filter => ({
      ...(v.q ? { search: v.q } : {}),
      ...(account === undefined && v.account ? { account: v.account } : {}),
      ...(v.kind ? { kind: v.kind as Filter["kind"] } : {}),
      ...(v.reason ? { reason: v.reason } : {}),
    }),
    fetchPage: (filter, sort, cursor: number | undefined) =>
      client.admin.suppression.list.query({ filter: account === undefined ? filter : { ...filter, account }, sort: sort as "newest" | "oldest", cursor, limit: 50 }),
  });
  const remove = useMutation(
    trpc.admin.suppression.remove.mutationOptions({
      onSuccess: () => toast.success("Removed from the suppression list; mail to the address is delivered again."),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  const columns = suppressionColumns<Row>({
    messageHref: (id) => `/admin/messages/${id}`,
    removeDescription: (s) => `Account ${s.account} will send to ${s.baseAddress} (and its + and - variants) again. A new permanent failure adds it back.`,
    onRemove: (s) => remove.mutate({ id: s.id }),
    removing: remove.isPending,
    extra: account === undefined ? [{ key: "account", header: "Account", cell: (s) => <Link className="text-primary hover:underline" href={`/admin/accounts/${encodeURIComponent(s.account)}`}>{s.account}</Link> }] : [],
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <p className="text-sm text-muted-foreground" aria-live="polite">
          {suppressionCount(list.total, list.filtered)}
        </p>
        <Button size="sm" onClick={() => setAdding(true)}>
          <Plus className="size-4" aria-hidden /> Add suppression
        </Button>
      </div>
      <FilterBar {...list.filterBar} />
      <DataTable
        label="Suppressions"
        columns={columns}
        {...list.table}
        empty={{
          icon: <Ban />,
          title: list.filtered ? "No suppressions match the filter" : "No suppressed addresses",
          description: list.filtered
            ? "Change or reset the filter."
            : "Addresses land here after a permanent failure (such as 550 user unknown) or three failures in a row, or when added by hand. Mail to them fails at once with the event suppressed.",
        }}
      />
      <AddSuppressionDialog
        open={adding}
        onOpenChange={setAdding}
        description="The account's mail to this address (and its + and - variants) fails at once, with the event suppressed."
        schema={suppressionAddSchema}
        defaults={{ account: account ?? "", address: "", reason: "" }}
        add={(v) => client.admin.suppression.add.mutate({ account: v.account ?? "", address: v.address, reason: v.reason })}
        accounts={account === undefined ? (accounts.data ?? []) : undefined}
      />
    </div>
  );
}
