"use client";
// /account/retention: how long your messages and webhook calls stay listed after they leave the queue (spec
// 3.5, 2.3). A DSN that comes back later is matched against the kept messages, so with fromids (the Unique
// MAIL FROM page) a bounce days later still becomes a webhook event.
import { useQuery } from "@tanstack/react-query";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import { SaveButton } from "@/components/admin/accounts/section";
import { SectionCard } from "@/components/admin/section-card";
import { formatPeriod } from "@/server/trpc/admin/account-schemas";
import { ownKeepPeriodsSchema } from "@/server/trpc/account/profile-schemas";
import { Loaded } from "../profile/loaded";
import { useOwnForm } from "../profile/use-own-form";

const HELP = "A duration with units s, m, h, d, w, e.g. 2d or 1w. Empty: not kept.";

export function RetentionPage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.account.retention.get.queryOptions());
  return (
    <div className="space-y-6">
      <PageHeader title="Retention" description="How long messages and webhook calls stay on record after they leave the queue." />
      <Loaded query={query}>{(periods) => <RetentionForm retiredMessagesSec={periods.retiredMessagesSec} retiredWebhooksSec={periods.retiredWebhooksSec} />}</Loaded>
    </div>
  );
}

function RetentionForm({ retiredMessagesSec, retiredWebhooksSec }: { retiredMessagesSec: number; retiredWebhooksSec: number }) {
  const client = useTRPCClient();
  const { form, onSubmit, canSave, saving } = useOwnForm({
    schema: ownKeepPeriodsSchema,
    values: { retiredMessages: formatPeriod(retiredMessagesSec), retiredWebhooks: formatPeriod(retiredWebhooksSec) },
    save: (v) => client.account.retention.set.mutate(v),
    saved: "Retention saved.",
  });
  const e = form.formState.errors;
  return (
    <SectionCard
      title="Keep after leaving the queue"
      description="Kept messages let a DSN that arrives later be matched to the message it is about. Kept webhook calls show what was sent to your webhook URL and how it answered."
      className="max-w-3xl"
    >
      <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-2" aria-label="Retention">
        <FormField label="Keep retired messages" error={e.retiredMessages?.message} description={HELP}>
          <Input autoComplete="off" spellCheck={false} placeholder="2d" {...form.register("retiredMessages")} />
        </FormField>
        <FormField label="Keep retired webhooks" error={e.retiredWebhooks?.message} description={HELP}>
          <Input autoComplete="off" spellCheck={false} placeholder="1w" {...form.register("retiredWebhooks")} />
        </FormField>
        <div className="sm:col-span-2">
          <SaveButton canSave={canSave} saving={saving} />
        </div>
      </form>
    </SectionCard>
  );
}
