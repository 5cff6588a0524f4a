"use client";
// The account's full name (the default From display name) and its password, which admins set but never see.
import { Controller } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPCClient } from "@/components/trpc/client";
import { fullNameSchema, passwordSetSchema } from "@/server/trpc/admin/account-schemas";
import { PasswordInput } from "./password-input";
import { SaveButton } from "./section";
import { SectionCard } from "../section-card";
import type { AccountDetail } from "./types";
import { useAccountForm } from "./use-account-form";

export function AccountProfile({ account }: { account: AccountDetail }) {
  return (
    <SectionCard title="Name and password">
      <FullNameForm account={account} />
      <PasswordForm account={account} />
    </SectionCard>
  );
}

function FullNameForm({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useAccountForm({
    schema: fullNameSchema,
    values: { name: account.name, fullName: account.fullName },
    save: (v) => client.admin.account.fullNameSet.mutate(v),
    saved: "Full name saved.",
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-start" aria-label="Full name">
      <FormField label="Full name" className="flex-1" error={form.formState.errors.fullName?.message} description="The display name in From headers when a message does not give one.">
        <Input autoComplete="off" {...form.register("fullName")} />
      </FormField>
      <div className="sm:pt-6">
        <SaveButton canSave={canSave} saving={saving} />
      </div>
    </form>
  );
}

function PasswordForm({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useAccountForm({
    schema: passwordSetSchema,
    values: { name: account.name, password: "" },
    save: (v) => client.admin.account.passwordSet.mutate(v),
    saved: `New password set for ${account.name}.`,
    clearOnSave: true,
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2" aria-label="Set password">
      <FormField
        label={account.hasPassword ? "New password" : "Password (none set yet: the account cannot log in)"}
        error={form.formState.errors.password?.message}
        description="At least 8 characters. Generate one and copy it before saving: it is not shown again."
      >
        {(control) => (
          <Controller
            control={form.control}
            name="password"
            render={({ field }) => <PasswordInput {...control} {...field} onGenerate={(p) => form.setValue("password", p, { shouldDirty: true, shouldValidate: true })} />}
          />
        )}
      </FormField>
      <div>
        <SaveButton canSave={canSave} saving={saving} label="Set password" />
      </div>
    </form>
  );
}
