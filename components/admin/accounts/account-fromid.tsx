"use client";
// Fromid login addresses (spec 6): a submission logged in with exactly one of these gets a unique envelope
// sender per recipient (name+<fromid>@domain), so a DSN that comes back is matched to its message. Only the
// account's own addresses, with a separator suffix or not, on domains that have a catchall separator.
import { Controller } from "react-hook-form";
import { AddressRows, listMessage } from "@/components/area/address-rows";
import { useTRPCClient } from "@/components/trpc/client";
import { fromIdAddressesSchema } from "@/server/trpc/admin/account-schemas";
import { SaveButton } from "./section";
import { SectionCard } from "../section-card";
import type { AccountDetail } from "./types";
import { useAccountForm } from "./use-account-form";

export function AccountFromId({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useAccountForm({
    schema: fromIdAddressesSchema,
    values: { name: account.name, fromIdLoginAddresses: account.fromIdLoginAddresses },
    save: (v) => client.admin.account.fromIdAddressesSet.mutate(v),
    saved: "Fromid login addresses saved.",
  });
  const error = form.formState.errors.fromIdLoginAddresses;
  const message = listMessage(error);
  const example = account.addresses.find((a) => !a.startsWith("@"))?.replace("@", "+bounces@");
  return (
    <SectionCard title="Unique MAIL FROM login addresses" description="Submissions logged in with one of these addresses get a unique envelope sender per recipient, so bounces are matched to the message.">
      <form onSubmit={onSubmit} noValidate className="grid gap-3" aria-label="Fromid login addresses">
        <Controller
          control={form.control}
          name="fromIdLoginAddresses"
          render={({ field }) => (
            <AddressRows value={field.value} onChange={field.onChange} legend="Fromid login addresses" empty="None: no submission gets fromids." placeholder={example} invalid={!!message} describedBy={"fromid-help"} />
          )}
        />
        <p id="fromid-help" className="text-[0.8125rem] text-muted-foreground">
          Only this account&apos;s own addresses{example ? `, e.g. ${example}` : ""}; the domain needs a catchall separator.
        </p>
        {message && (
          <p role="alert" className="text-[0.8125rem] font-medium text-destructive">
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
