"use client";
// Hold rules: a rule holds the queued messages it matches and every new message from its account or to or
// from its domains, until an admin releases them. Removing a rule releases nothing.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { showServerErrors } from "./server-errors";
import { holdRuleAddSchema } from "@/server/trpc/admin/schemas";
import { ConfirmButton } from "./confirm-button";
import { InlineActions } from "./form-actions";

type Form = z.input<typeof holdRuleAddSchema>;

export function HoldRules() {
  const trpc = useTRPC();
  const rules = useQuery(trpc.admin.holdRule.list.queryOptions());
  const [adding, setAdding] = useState(false);
  const remove = useMutation(
    trpc.admin.holdRule.remove.mutationOptions({
      onSuccess: () => toast.success("Hold rule removed. Messages it held stay held until released."),
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const list = rules.data ?? [];
  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between gap-4 space-y-0">
        <div className="space-y-1">
          <CardTitle>
            <h2>Hold rules</h2>
          </CardTitle>
          <CardDescription>
            {list.length === 0 ? "No rules: nothing is held automatically." : "New messages matching any rule are held. Removing a rule releases nothing."}
          </CardDescription>
        </div>
        {!adding && (
          <Button size="sm" variant="outline" onClick={() => setAdding(true)}>
            <Plus className="size-4" aria-hidden /> Add rule
          </Button>
        )}
      </CardHeader>
      <CardContent className="space-y-4">
        {list.length > 0 && (
          <Table aria-label="Hold rules">
            <TableHeader>
              <TableRow>
                <TableHead>Account</TableHead>
                <TableHead>Sender domain</TableHead>
                <TableHead>Recipient domain</TableHead>
                <TableHead className="w-24">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((r) => {
                const all = !r.account && !r.senderDomainStr && !r.recipientDomainStr;
                return (
                  <TableRow key={r.id}>
                    {all ? (
                      <TableCell colSpan={3} className="font-medium">
                        (Match all messages)
                      </TableCell>
                    ) : (
                      <>
                        <TableCell>{r.account || "—"}</TableCell>
                        <TableCell>{r.senderDomainStr || "—"}</TableCell>
                        <TableCell>{r.recipientDomainStr || "—"}</TableCell>
                      </>
                    )}
                    <TableCell>
                      <ConfirmButton
                        variant="outline"
                        label={
                          <>
                            <Trash2 className="size-4" aria-hidden />
                            <span className="sr-only">Remove rule {r.id}</span>
                          </>
                        }
                        title="Remove this hold rule?"
                        description="New messages will no longer be held by it. Messages it already held stay held until you release them."
                        confirm="Remove rule"
                        onConfirm={() => remove.mutate({ id: r.id })}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
        {adding && <AddRuleForm onDone={() => setAdding(false)} />}
      </CardContent>
    </Card>
  );
}

function AddRuleForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const form = useForm<Form>({ resolver: zodResolver(holdRuleAddSchema), defaultValues: { account: "", senderDomain: "", recipientDomain: "" } });
  const add = useMutation(
    trpc.admin.holdRule.add.mutationOptions({
      onSuccess: () => {
        toast.success("Hold rule added; matching queued messages are now held.");
        onDone();
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  const e = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit((v) => add.mutate(v))} className="grid gap-3 rounded-md border p-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-start" noValidate aria-label="New hold rule">
      <FormField label="Account" htmlFor="rule-account" error={e.account?.message} description="Empty: any account">
        <Input id="rule-account" {...form.register("account")} />
      </FormField>
      <FormField label="Sender domain" htmlFor="rule-sender" error={e.senderDomain?.message} description="Empty: any">
        <Input id="rule-sender" placeholder="example.com" {...form.register("senderDomain")} />
      </FormField>
      <FormField label="Recipient domain" htmlFor="rule-recipient" error={e.recipientDomain?.message} description="Empty: any">
        <Input id="rule-recipient" placeholder="example.net" {...form.register("recipientDomain")} />
      </FormField>
      <InlineActions onCancel={onDone} disabled={add.isPending} submit="Add" className="sm:pt-6" />
    </form>
  );
}
