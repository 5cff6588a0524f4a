"use client";
// The fromid login addresses as rows to edit, add and remove; nothing changes until Save. The server refuses
// an address that is not the account's own, and says which one on the list.
import { Plus, X } from "lucide-react";
import { Controller } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPCClient } from "@/components/trpc/client";
import { SaveButton } from "@/components/admin/accounts/section";
import { SectionCard } from "@/components/admin/section-card";
import { ownFromIdAddressesSchema } from "@/server/trpc/account/profile-schemas";
import { useOwnForm } from "../profile/use-own-form";

export function FromIdForm({ addresses, example }: { addresses: string[]; example: string }) {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useOwnForm({
    schema: ownFromIdAddressesSchema,
    values: { fromIdLoginAddresses: addresses },
    save: (v) => client.account.fromid.set.mutate(v),
    saved: "Login addresses saved.",
  });
  const error = form.formState.errors.fromIdLoginAddresses;
  // A row's own error (zod's, per item) or the server's, which is about the whole list.
  const message = error?.message ?? (Array.isArray(error) ? error.find(Boolean)?.message : undefined);
  return (
    <SectionCard title="Login addresses" description="Submissions logged in with exactly one of these addresses get a unique MAIL FROM per recipient.">
      <form onSubmit={onSubmit} noValidate className="grid gap-3" aria-label="Unique MAIL FROM login addresses">
        <Controller
          control={form.control}
          name="fromIdLoginAddresses"
          render={({ field }) => (
            <fieldset className="grid gap-2" aria-describedby={message ? "fromid-error" : undefined}>
              <legend className="sr-only">Login addresses</legend>
              {field.value.length === 0 && <p className="text-sm text-muted-foreground">None yet: add one, e.g. {example}, and save.</p>}
              {field.value.map((address, i) => (
                <div key={i} className="flex gap-2">
                  <Input
                    aria-label={`Login address ${i + 1}`}
                    aria-invalid={message ? true : undefined}
                    autoComplete="off"
                    spellCheck={false}
                    placeholder={example}
                    value={address}
                    onChange={(e) => field.onChange(field.value.map((a, j) => (j === i ? e.target.value : a)))}
                  />
                  <Button type="button" variant="ghost" size="icon" aria-label={`Remove login address ${i + 1}`} onClick={() => field.onChange(field.value.filter((_, j) => j !== i))}>
                    <X aria-hidden />
                  </Button>
                </div>
              ))}
              <div>
                <Button type="button" variant="outline" size="sm" onClick={() => field.onChange([...field.value, ""])}>
                  <Plus aria-hidden /> Add address
                </Button>
              </div>
            </fieldset>
          )}
        />
        {message && (
          <p id="fromid-error" role="alert" className="text-[0.8125rem] font-medium text-destructive">
            {message}
          </p>
        )}
        <div>
          <SaveButton canSave={canSave} saving={saving} />
        </div>
      </form>
    </SectionCard>
  );
}
