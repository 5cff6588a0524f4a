"use client";
// Fromid login addresses (spec 6): a submission logged in with exactly one of these gets a unique envelope
// sender per recipient (name+<fromid>@domain), so a DSN that comes back is matched to its message. Only the
// account's own addresses, with a separator suffix or not, on domains that have a catchall separator.
import { Plus, X } from "lucide-react";
import { Controller } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
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
  const message = error?.message ?? (Array.isArray(error) ? error.find(Boolean)?.message : undefined);
  const example = account.addresses.find((a) => !a.startsWith("@"))?.replace("@", "+bounces@");
  return (
    <SectionCard title="Unique MAIL FROM login addresses" description="Submissions logged in with one of these addresses get a unique envelope sender per recipient, so bounces are matched to the message.">
      <form onSubmit={onSubmit} noValidate className="grid gap-3" aria-label="Fromid login addresses">
        <Controller
          control={form.control}
          name="fromIdLoginAddresses"
          render={({ field }) => (
            <fieldset className="grid gap-2" aria-describedby="fromid-help">
              <legend className="sr-only">Fromid login addresses</legend>
              {field.value.length === 0 && <p className="text-sm text-muted-foreground">None: no submission gets fromids.</p>}
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
