"use client";
// Adds an address to the user's own list, always as a manual entry; the server's field errors (a duplicate)
// show on the address.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { showServerErrors } from "@/components/admin/server-errors";
import { useTRPC } from "@/components/trpc/client";
import { accountSuppressionAddSchema } from "@/server/trpc/account/suppression-schemas";

type AddForm = z.input<typeof accountSuppressionAddSchema>;
const EMPTY: AddForm = { address: "", reason: "" };

export function AddSuppressionDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const form = useForm<AddForm>({ resolver: zodResolver(accountSuppressionAddSchema), defaultValues: EMPTY });
  const add = useMutation(
    trpc.account.suppression.add.mutationOptions({
      onSuccess: (s) => {
        toast.success(`${s.baseAddress} is suppressed: your mail to it now fails at once.`);
        form.reset(EMPTY);
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
          <DialogDescription>Your mail to this address (and its + and - variants) fails at once, with the event suppressed.</DialogDescription>
        </DialogHeader>
        <form id="suppression-add" className="space-y-3" noValidate onSubmit={form.handleSubmit((v) => add.mutate(v))}>
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
          <Button type="submit" form="suppression-add" disabled={add.isPending || !form.formState.isDirty}>
            Add
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
