"use client";
// How long the account's messages and webhook calls stay listed after they leave the queue (spec 3.5, 2.3):
// retired messages are what DSNs and fromids are matched against later. Empty keeps nothing.
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPCClient } from "@/components/trpc/client";
import { formatPeriod, keepPeriodsSchema } from "@/server/trpc/admin/account-schemas";
import { SaveButton } from "./section";
import { SectionCard } from "../section-card";
import type { AccountDetail } from "./types";
import { useAccountForm } from "./use-account-form";

const HELP = "Units s, m, h, d, w, e.g. 7d or 1w3d. Empty: not kept.";

export function AccountRetention({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useAccountForm({
    schema: keepPeriodsSchema,
    values: { name: account.name, retiredMessages: formatPeriod(account.keepPeriods.retiredMessagesSec), retiredWebhooks: formatPeriod(account.keepPeriods.retiredWebhooksSec) },
    save: (v) => client.admin.account.keepPeriodsSet.mutate(v),
    saved: "Retention saved.",
  });
  const e = form.formState.errors;
  return (
    <SectionCard title="Keep after leaving the queue" description="Kept retired messages let later DSNs be matched to what was sent, and show up in the retired lists.">
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2" aria-label="Retention">
        <FormField label="Retired messages" error={e.retiredMessages?.message} description={HELP}>
          <Input autoComplete="off" spellCheck={false} placeholder="7d" {...form.register("retiredMessages")} />
        </FormField>
        <FormField label="Retired webhooks" error={e.retiredWebhooks?.message} description={HELP}>
          <Input autoComplete="off" spellCheck={false} placeholder="7d" {...form.register("retiredWebhooks")} />
        </FormField>
        <div className="sm:col-span-2">
          <SaveButton canSave={canSave} saving={saving} />
        </div>
      </form>
    </SectionCard>
  );
}
