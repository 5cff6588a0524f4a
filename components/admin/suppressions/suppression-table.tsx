"use client";
// Suppressions of every account, or of one (on the account page): search by address or base address, filter
// by account, kind and reason; each automatic entry says what caused it and links to that message's trail.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Ban, Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import { suppressionAddSchema } from "@/server/trpc/admin/schemas";
import { suppressionColumns } from "@/components/area/suppression-columns";
import { DataTable } from "../data-table";
import { FilterBar } from "../filter-bar";
import { showServerErrors } from "../server-errors";
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
          {list.total === undefined ? "\u00a0" : `${list.total} suppressed ${list.total === 1 ? "address" : "addresses"}${list.filtered ? (list.total === 1 ? " matches the filter" : " match the filter") : ""}`}
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
      <AddSuppressionDialog open={adding} onOpenChange={setAdding} account={account} />
    </div>
  );
}


type AddForm = z.input<typeof suppressionAddSchema>;

function AddSuppressionDialog({ open, onOpenChange, account }: { open: boolean; onOpenChange: (open: boolean) => void; account?: string }) {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.admin.suppression.accounts.queryOptions(undefined, { enabled: open && account === undefined }));
  const form = useForm<AddForm>({ resolver: zodResolver(suppressionAddSchema), defaultValues: { account: account ?? "", address: "", reason: "" } });
  const add = useMutation(
    trpc.admin.suppression.add.mutationOptions({
      onSuccess: (s) => {
        toast.success(`${s.baseAddress} is suppressed: mail to it now fails at once.`);
        form.reset({ account: account ?? "", address: "", reason: "" });
        onOpenChange(false);
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  const e = form.formState.errors;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a suppression</DialogTitle>
          <DialogDescription>The account&apos;s mail to this address (and its + and - variants) fails at once, with the event suppressed.</DialogDescription>
        </DialogHeader>
        <form id="suppression-add" className="space-y-3" noValidate onSubmit={form.handleSubmit((v) => add.mutate(v))}>
          {account === undefined && (
            <FormField label="Account" htmlFor="suppression-account" error={e.account?.message}>
              <NativeSelect id="suppression-account" {...form.register("account")}>
                <option value="">Choose an account…</option>
                {accounts.data?.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
          )}
          <FormField label="Address" htmlFor="suppression-address" error={e.address?.message}>
            <Input id="suppression-address" type="email" autoComplete="off" placeholder="name@example.com" {...form.register("address")} />
          </FormField>
          <FormField label="Reason" htmlFor="suppression-reason" error={e.reason?.message} description="Shown in the list; optional">
            <Input id="suppression-reason" {...form.register("reason")} />
          </FormField>
        </form>
        <DialogFooter>
          <Button variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" form="suppression-add" disabled={add.isPending}>
            Add
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
