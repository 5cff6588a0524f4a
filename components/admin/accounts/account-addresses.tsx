"use client";
// The account's addresses: each is also a login name; "@domain" is the domain's catchall, which receives what
// no other address of the domain claims. An account keeps at least one address.
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import { addressAddSchema } from "@/server/trpc/admin/schemas";
import { ConfirmButton } from "../confirm-button";
import { SaveButton } from "./section";
import { SectionCard } from "../section-card";
import type { AccountDetail } from "./types";
import { useAccountForm } from "./use-account-form";

export function AccountAddresses({ account }: { account: AccountDetail }) {
  const trpc = useTRPC();
  const remove = useMutation(trpc.admin.address.remove.mutationOptions({ onSuccess: (_, v) => toast.success(`Removed ${v.address}.`), onError: (e) => toast.error(errorMessage(e)) }));
  const last = account.addresses.length === 1;
  return (
    <SectionCard title="Addresses" description="Mail to these addresses is delivered to this account, and each is a login name for it.">
      <ul className="divide-y rounded-md border" aria-label={`Addresses of ${account.name}`}>
        {account.addresses.map((address) => (
          <li key={address} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
            <span className="flex min-w-0 items-center gap-2">
              <span className="truncate">{address}</span>
              {address.startsWith("@") && <Badge variant="secondary">catchall</Badge>}
            </span>
            <ConfirmButton
              variant="outline"
              disabled={last}
              label={
                <>
                  <Trash2 aria-hidden />
                  <span className="sr-only">Remove {address}</span>
                </>
              }
              title={`Remove ${address}?`}
              description={`Mail to ${address} will no longer be delivered to ${account.name} (it is refused, unless a catchall takes it), and it stops being a login name. Stored mail stays.`}
              confirm="Remove address"
              onConfirm={() => remove.mutate({ address })}
            />
          </li>
        ))}
      </ul>
      {last && <p className="text-[0.8125rem] text-muted-foreground">The last address cannot be removed: remove the account instead.</p>}
      <AddAddressForm account={account} />
    </SectionCard>
  );
}

function AddAddressForm({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useAccountForm({
    schema: addressAddSchema,
    values: { account: account.name, address: "" },
    save: (v) => client.admin.address.add.mutate(v),
    saved: "Address added.",
    clearOnSave: true,
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-start" aria-label="Add address">
      <FormField label="New address" className="flex-1" error={form.formState.errors.address?.message} description="name@domain, or @domain for the domain's catchall.">
        <Input autoComplete="off" spellCheck={false} placeholder="alice.smith@example.org" {...form.register("address")} />
      </FormField>
      <div className="sm:pt-6">
        <SaveButton canSave={canSave} saving={saving} label="Add address" />
      </div>
    </form>
  );
}
