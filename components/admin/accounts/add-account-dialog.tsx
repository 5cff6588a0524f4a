"use client";
// Adding an account: its name, its first address (the domain must exist here), a password (typed or
// generated, to copy and hand over) and optionally the full name used as the From display name.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/components/trpc/client";
import { accountAddSchema } from "@/server/trpc/admin/account-schemas";
import { showServerErrors } from "../server-errors";
import { accountHref } from "./account-href";
import { PasswordInput } from "./password-input";
import { DialogActions } from "../form-actions";
import { FormDialog } from "../form-dialog";

type Form = z.input<typeof accountAddSchema>;
const EMPTY: Form = { name: "", address: "", password: "", fullName: "" };

export function AddAccountDialog({ label = "Add account" }: { label?: string }) {
  return (
    <FormDialog label={label} title="Add an account" description="The account can log in with its address and password once added. More addresses, limits and webhooks are on its page.">
      {(close) => <AddAccountForm onDone={close} />}
    </FormDialog>
  );
}

function AddAccountForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<Form>({ resolver: zodResolver(accountAddSchema), defaultValues: EMPTY });
  const add = useMutation(
    trpc.admin.account.add.mutationOptions({
      onSuccess: (a) => {
        toast.success(`Added account ${a.name} with address ${a.address}.`);
        onDone();
        router.push(accountHref(a.name));
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  const e = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit((v) => add.mutate(v))} noValidate className="grid gap-4" aria-label="New account">
      <FormField label="Account name" error={e.name?.message} description="Letters, digits, dots, dashes and underscores; not shown to recipients." required>
        <Input autoFocus autoComplete="off" spellCheck={false} placeholder="alice" {...form.register("name")} />
      </FormField>
      <FormField label="First address" error={e.address?.message} description="Also the login name. Its domain must already exist here." required>
        <Input type="email" autoComplete="off" spellCheck={false} placeholder="alice@example.org" {...form.register("address")} />
      </FormField>
      <FormField label="Password" error={e.password?.message} description="At least 8 characters. Generate one, copy it and hand it over." required>
        {(control) => (
          <Controller
            control={form.control}
            name="password"
            render={({ field }) => <PasswordInput {...control} {...field} onGenerate={(p) => form.setValue("password", p, { shouldDirty: true, shouldValidate: true })} />}
          />
        )}
      </FormField>
      <FormField label="Full name" error={e.fullName?.message} description="Optional: the display name in From headers.">
        <Input autoComplete="off" {...form.register("fullName")} />
      </FormField>
      <DialogActions onCancel={onDone} disabled={!form.formState.isDirty || add.isPending} submit="Add account" />
    </form>
  );
}
