"use client";
// The fromid login addresses as rows to edit, add and remove; nothing changes until Save. The server refuses
// an address that is not the account's own, and says which one on the list.
import { Controller } from "react-hook-form";
import { AddressRows, listMessage } from "@/components/area/address-rows";
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
  const message = listMessage(error);
  return (
    <SectionCard title="Login addresses" description="Submissions logged in with exactly one of these addresses get a unique MAIL FROM per recipient.">
      <form onSubmit={onSubmit} noValidate className="grid gap-3" aria-label="Unique MAIL FROM login addresses">
        <Controller
          control={form.control}
          name="fromIdLoginAddresses"
          render={({ field }) => (
            <AddressRows value={field.value} onChange={field.onChange} legend="Login addresses" empty={`None yet: add one, e.g. ${example}, and save.`} placeholder={example} invalid={!!message} describedBy={message ? "fromid-error" : undefined} />
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
