"use client";
// Sending limits and the storage quota, each beside what the account uses now: messages and first-time
// recipients over the last 24 hours (as the limits count them) and the size of its stored mail.
import type { ReactNode } from "react";
import { FormField } from "@/components/ui/form-field";
import { formatBytes } from "@/components/ui/format-bytes";
import { Input } from "@/components/ui/input";
import { useTRPCClient } from "@/components/trpc/client";
import { formatSize, limitsSchema } from "@/server/trpc/admin/account-schemas";
import { SaveButton } from "./section";
import { SectionCard } from "../section-card";
import type { AccountDetail } from "./types";
import { UsageMeter } from "./usage-meter";
import { useAccountForm } from "./use-account-form";

export function AccountLimits({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const { limits, usage } = account;
  const { form, onSubmit, canSave, saving } = useAccountForm({
    schema: limitsSchema,
    values: { name: account.name, maxOutgoingMessagesPerDay: limits.maxOutgoingMessagesPerDay, maxFirstTimeRecipientsPerDay: limits.maxFirstTimeRecipientsPerDay, quota: formatSize(limits.quota) },
    save: (v) => client.admin.account.limitsSet.mutate(v),
    saved: "Limits saved.",
  });
  const e = form.formState.errors;
  return (
    <SectionCard title="Limits and usage" description="Submissions over a daily limit are refused until older sends fall out of the last 24 hours.">
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Limits">
        <Limit usage={<UsageMeter used={usage.messagesToday} limit={limits.maxOutgoingMessagesPerDay} label="Messages sent in the last 24 hours" />}>
          <FormField label="Messages a day" error={e.maxOutgoingMessagesPerDay?.message} description="Each recipient counts. 0 stops sending.">
            <Input type="number" inputMode="numeric" min={0} {...form.register("maxOutgoingMessagesPerDay", { valueAsNumber: true })} />
          </FormField>
        </Limit>
        <Limit usage={<UsageMeter used={usage.firstTimeRecipientsToday} limit={limits.maxFirstTimeRecipientsPerDay} label="First-time recipients in the last 24 hours" />}>
          <FormField label="First-time recipients a day" error={e.maxFirstTimeRecipientsPerDay?.message} description="Recipients never written to before.">
            <Input type="number" inputMode="numeric" min={0} {...form.register("maxFirstTimeRecipientsPerDay", { valueAsNumber: true })} />
          </FormField>
        </Limit>
        <Limit usage={<UsageMeter used={usage.storageUsed} limit={limits.quota || undefined} format={(n) => formatBytes(n)} label="Storage used" />}>
          <FormField label="Storage quota" error={e.quota?.message} description="e.g. 500 MB or 2 GB; 0 for no quota.">
            <Input autoComplete="off" spellCheck={false} {...form.register("quota")} />
          </FormField>
        </Limit>
        <div>
          <SaveButton canSave={canSave} saving={saving} />
        </div>
      </form>
    </SectionCard>
  );
}

// The setting and, beside it (below on phones), the usage now.
function Limit({ children, usage }: { children: ReactNode; usage: ReactNode }) {
  return (
    <div className="grid gap-2 sm:grid-cols-[1fr_10rem] sm:items-start">
      {children}
      <div className="text-sm sm:pt-6">
        <span className="sr-only">Now: </span>
        {usage}
      </div>
    </div>
  );
}
