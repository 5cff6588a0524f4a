"use client";
// A new password for the account, behind the current one; a wrong current password shows on its field.
import { Controller } from "react-hook-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPCClient } from "@/components/trpc/client";
import { PasswordInput } from "@/components/admin/accounts/password-input";
import { SaveButton } from "@/components/admin/accounts/section";
import { passwordChangeSchema } from "@/server/trpc/account/profile-schemas";
import { useOwnForm } from "./use-own-form";

export function PasswordForm() {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useOwnForm({
    schema: passwordChangeSchema,
    values: { currentPassword: "", newPassword: "" },
    save: (v) => client.account.profile.passwordChange.mutate(v),
    saved: "Password changed.",
    clearOnSave: true,
  });
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Change password">
      <FormField label="Current password" error={e.currentPassword?.message}>
        <Input type="password" autoComplete="current-password" spellCheck={false} {...form.register("currentPassword")} />
      </FormField>
      <FormField label="New password" error={e.newPassword?.message} description="At least 8 characters. Generate makes a strong one: copy it before you save.">
        {(control) => (
          <Controller
            control={form.control}
            name="newPassword"
            render={({ field }) => <PasswordInput {...control} {...field} onGenerate={(p) => form.setValue("newPassword", p, { shouldDirty: true, shouldValidate: true })} />}
          />
        )}
      </FormField>
      <div>
        <SaveButton canSave={canSave} saving={saving} label="Change password" />
      </div>
    </form>
  );
}
