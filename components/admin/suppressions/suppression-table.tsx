"use client";
// Suppressions of every account, or of one (on the account page): search by address or base address, filter
// by account, kind and reason; each automatic entry says what caused it and links to that message's trail.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Ban, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import { suppressionAddSchema } from "@/server/trpc/admin/schemas";
import { ConfirmButton } from "../confirm-button";
import { DataTable, type Column } from "../data-table";
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

  const columns: Column<Row>[] = [
    {
      key: "address",
      header: "Address",
      cell: (s) => (
        <span title={`Base address: ${s.baseAddress}`} className="font-medium">
          {s.originalAddress}
        </span>
      ),
    },
    ...(account === undefined ? [{ key: "account", header: "Account", cell: (s: Row) => <Link className="text-primary hover:underline" href={`/admin/accounts/${encodeURIComponent(s.account)}`}>{s.account}</Link> }] : []),
    { key: "kind", header: "Kind", cell: (s) => (s.manual ? <Badge variant="secondary">manual</Badge> : <Badge variant="warning">automatic</Badge>) },
    { key: "reason", header: "Why", cell: (s) => <Cause s={s} />, className: "whitespace-normal min-w-64" },
    { key: "created", header: "Since", cell: (s) => <RelativeTime date={s.created} /> },
    {
      key: "remove",
      header: "",
      className: "text-right",
      cell: (s) => (
        <ConfirmButton
          label={
            <>
              <Trash2 className="size-4" aria-hidden />
              <span className="sr-only sm:not-sr-only">Remove</span>
            </>
          }
          variant="outline"
          title={`Remove ${s.originalAddress}?`}
          description={`Account ${s.account} will send to ${s.baseAddress} (and its + and - variants) again. A new permanent failure adds it back.`}
          confirm="Remove"
          disabled={remove.isPending}
          onConfirm={() => remove.mutate({ id: s.id })}
        />
      ),
    },
  ];

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

// What caused an automatic entry, in words, with a link to the message (and attempt) behind it.
function Cause({ s }: { s: Row }) {
  if (s.manual) return <span>{s.reason || <span className="text-muted-foreground">no reason given</span>}</span>;
  const code = s.smtpCode ? `${s.smtpCode}${s.smtpEnhancedCode ? ` ${s.smtpEnhancedCode}` : ""}` : "";
  const what = /consecutive/.test(s.reason) ? "Three failed deliveries in a row" : code ? `Permanent failure ${code}` : s.reason;
  const from = s.source === "DSN" ? "reported in a DSN" : s.source === "queue" ? "from the queue" : "";
  return (
    <span className="block max-w-md">
      {what} {from}
      {s.queueMsgId !== "0" && (
        <>
          {" · "}
          <Link className="text-primary underline underline-offset-2" href={`/admin/messages/${s.queueMsgId}`}>
            message {s.queueMsgId}
            {s.attempt > 0 ? `, attempt ${s.attempt}` : ""}
          </Link>
        </>
      )}
    </span>
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
