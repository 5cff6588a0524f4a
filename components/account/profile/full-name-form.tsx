"use client";
// The account's full name: the display name in From headers when a message does not give one.
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPCClient } from "@/components/trpc/client";
import { SaveButton } from "@/components/admin/accounts/section";
import { ownFullNameSchema } from "@/server/trpc/account/profile-schemas";
import { useOwnForm } from "./use-own-form";

export function FullNameForm({ fullName }: { fullName: string }) {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useOwnForm({
    schema: ownFullNameSchema,
    values: { fullName },
    save: (v) => client.account.profile.fullNameSet.mutate(v),
    saved: "Full name saved.",
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-start" aria-label="Full name">
      <FormField label="Full name" className="flex-1" error={form.formState.errors.fullName?.message} description="The display name in From headers when a message does not give one.">
        <Input autoComplete="name" {...form.register("fullName")} />
      </FormField>
      <div className="sm:pt-6">
        <SaveButton canSave={canSave} saving={saving} />
      </div>
    </form>
  );
}
