"use client";
// /account/suppressions: the user's own suppression list. Search, add (always manual), remove behind a
// confirmation, CSV export and import; each automatic entry says why it is there.
import { useMutation } from "@tanstack/react-query";
import { Ban, Download, Plus, Upload } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { DataTable } from "@/components/admin/data-table";
import { FilterBar } from "@/components/admin/filter-bar";
import { useCursorList } from "@/components/admin/use-cursor-list";
import type { FilterField, SortOption } from "@/components/admin/use-list-state";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import { AddSuppressionDialog, suppressionCount } from "@/components/area/add-suppression-dialog";
import { accountSuppressionAddSchema } from "@/server/trpc/account/suppression-schemas";
import { ImportDialog } from "./import-dialog";
import type { AppRouterOutputs } from "@/components/admin/types";
import { suppressionColumns } from "@/components/area/suppression-columns";

type SuppressionRow = AppRouterOutputs["account"]["suppression"]["list"]["rows"][number];

type Filter = { search?: string; kind?: "manual" | "automatic"; reason?: string };

const SORTS: SortOption[] = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
];

const FIELDS: FilterField[] = [
  { key: "q", label: "Address", kind: "text", placeholder: "name@example.com" },
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

const toFilter = (v: Record<string, string>): Filter => ({
  ...(v.q ? { search: v.q } : {}),
  ...(v.kind ? { kind: v.kind as Filter["kind"] } : {}),
  ...(v.reason ? { reason: v.reason } : {}),
});

export function SuppressionsPage() {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const list = useCursorList({
    key: "account-suppressions",
    fields: FIELDS,
    sorts: SORTS,
    toFilter,
    fetchPage: (filter, sort, cursor: number | undefined) => client.account.suppression.list.query({ filter, sort: sort as "newest" | "oldest", cursor, limit: 50 }),
  });
  const remove = useMutation(
    trpc.account.suppression.remove.mutationOptions({
      onSuccess: () => toast.success("Removed from your suppression list; mail to the address is delivered again."),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const exportCsv = useMutation({
    mutationFn: () => client.account.suppression.export.query(),
    onSuccess: ({ csv, filename }) => download(csv, filename),
    onError: (err) => toast.error(errorMessage(err)),
  });

  const columns = suppressionColumns<SuppressionRow>({
    messageHref: (id) => `/account/messages/${id}`,
    removeDescription: (s) => `Your mail to ${s.baseAddress} (and its + and - variants) is delivered again. A new permanent failure adds it back.`,
    onRemove: (s) => remove.mutate({ id: s.id }),
    removing: remove.isPending,
  });

  return (
    <div className="space-y-4">
      <PageHeader
        title="Suppressions"
        description="Addresses your mail is not sent to: added after permanent failures, or by you. The webapi's Suppression methods see the same list."
        actions={
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="outline" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
              <Download className="size-4" aria-hidden /> Export CSV
            </Button>
            <Button size="sm" variant="outline" onClick={() => setImporting(true)}>
              <Upload className="size-4" aria-hidden /> Import CSV
            </Button>
            <Button size="sm" onClick={() => setAdding(true)}>
              <Plus className="size-4" aria-hidden /> Add suppression
            </Button>
          </div>
        }
      />
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {suppressionCount(list.total, list.filtered)}
      </p>
      <FilterBar {...list.filterBar} />
      <DataTable
        label="Suppressions"
        columns={columns}
        {...list.table}
        empty={{
          icon: <Ban />,
          title: list.filtered ? "No suppressions match the filter" : "Your suppression list is empty",
          description: list.filtered
            ? "Change or reset the filter."
            : "Addresses land here after a permanent failure (such as 550 user unknown) or three failures in a row. Add one by hand, or import a CSV file, to stop mail to it.",
        }}
      />
      <AddSuppressionDialog
        open={adding}
        onOpenChange={setAdding}
        description="Your mail to this address (and its + and - variants) fails at once, with the event suppressed."
        schema={accountSuppressionAddSchema}
        defaults={{ address: "", reason: "" }}
        add={(v) => client.account.suppression.add.mutate({ address: v.address, reason: v.reason })}
      />
      <ImportDialog open={importing} onOpenChange={setImporting} />
    </div>
  );
}

// A file download of text made in the browser.
function download(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: filename });
  a.click();
  // Revoked once the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
