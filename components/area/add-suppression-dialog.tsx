"use client";
// Adding an address to a suppression list, always as a manual entry: for an account's own list, or for admins,
// who also choose the account. The server's field errors (a duplicate, an unknown account) show on the field.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/ui/form-field";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { toast } from "@/components/ui/toaster";
import { DialogActions } from "@/components/admin/form-actions";
import { showServerErrors } from "@/components/admin/server-errors";

type Values = { account?: string; address: string; reason: string };

export function AddSuppressionDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  description: string;
  schema: z.ZodType;
  defaults: Values;
  add: (values: Values) => Promise<{ baseAddress: string }>;
  // Admins pick the account; undefined: the list's account is fixed.
  accounts?: string[];
}) {
  const form = useForm<Values>({ resolver: zodResolver(props.schema as never) as unknown as Resolver<Values>, defaultValues: props.defaults });
  const add = useMutation({
    mutationFn: props.add,
    onSuccess: (s) => {
      toast.success(`${s.baseAddress} is suppressed: mail to it now fails at once.`);
      form.reset(props.defaults);
      props.onOpenChange(false);
    },
    onError: (err) => showServerErrors(form, err),
  });
  const e = form.formState.errors;
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a suppression</DialogTitle>
          <DialogDescription>{props.description}</DialogDescription>
        </DialogHeader>
        <form className="space-y-3" noValidate onSubmit={form.handleSubmit((v) => add.mutate(v))}>
          {props.accounts && (
            <FormField label="Account" htmlFor="suppression-account" error={e.account?.message}>
              <NativeSelect id="suppression-account" {...form.register("account")}>
                <option value="">Choose an account…</option>
                {props.accounts.map((name) => (
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
          <DialogActions onCancel={() => props.onOpenChange(false)} disabled={add.isPending || !form.formState.isDirty} submit="Add" />
        </form>
      </DialogContent>
    </Dialog>
  );
}

// "3 suppressed addresses match the filter", or a blank line while loading.
export function suppressionCount(total: number | undefined, filtered: boolean): string {
  if (total === undefined) return "\u00a0";
  const noun = total === 1 ? "address" : "addresses";
  return `${total} suppressed ${noun}${filtered ? (total === 1 ? " matches the filter" : " match the filter") : ""}`;
}
