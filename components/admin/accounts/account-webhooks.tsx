"use client";
// The account's webhooks (spec 2.1), which admins may set for it: the outgoing webhook gets delivery events
// of the messages it sends (only the ticked events; none ticked means all), the incoming webhook every message
// it receives. An empty URL turns a webhook off. Queued calls keep the URL and Authorization they were
// queued with.
import { useMutation } from "@tanstack/react-query";
import { Controller } from "react-hook-form";
import { WebhookPauseBanner } from "@/components/area/webhook-pause-banner";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import { incomingWebhookSetSchema, outgoingWebhookSetSchema } from "@/server/trpc/admin/account-schemas";
import { OUTGOING_EVENTS } from "@/server/webhook/outgoing-events";
import { AuthorizationField } from "./authorization-field";
import { SaveButton } from "./section";
import { plural } from "../format";
import { SectionCard } from "../section-card";
import type { AccountDetail } from "./types";
import { useAccountForm } from "./use-account-form";

const URL_HELP = "http:// or https://. Empty: no webhook.";

export function OutgoingWebhook({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const hook = account.outgoingWebhook;
  const { form, onSubmit, canSave, saving } = useAccountForm({
    schema: outgoingWebhookSetSchema,
    values: { name: account.name, url: hook.url, events: hook.events as (typeof OUTGOING_EVENTS)[number][], authorization: undefined },
    save: (v) => client.admin.account.outgoingWebhookSet.mutate(v),
    saved: "Outgoing webhook saved.",
  });
  const e = form.formState.errors;
  return (
    <SectionCard title="Outgoing webhook" description="Called for delivery events of messages this account sends: delivered, failed, delayed, DSNs and more.">
      <AdminPauseBanner account={account} />
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Outgoing webhook">
        <FormField label="URL" error={e.url?.message} description={URL_HELP}>
          <Input type="url" autoComplete="off" spellCheck={false} placeholder="https://app.example.org/hooks/mail" {...form.register("url")} />
        </FormField>
        <Controller
          control={form.control}
          name="authorization"
          render={({ field }) => <AuthorizationField id="outgoing-authorization" isSet={hook.authorizationSet} value={field.value} onChange={field.onChange} error={e.authorization?.message} />}
        />
        <Controller
          control={form.control}
          name="events"
          render={({ field }) => {
            const selected = field.value ?? [];
            return (
              <fieldset className="grid gap-2" aria-describedby="outgoing-events-help">
                <legend className="text-sm font-medium">Events</legend>
                <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
                  {OUTGOING_EVENTS.map((event) => (
                    <div key={event} className="flex items-center gap-2">
                      <Checkbox
                        id={`event-${event}`}
                        checked={selected.includes(event)}
                        onCheckedChange={(on) => field.onChange(on ? [...selected, event] : selected.filter((x) => x !== event))}
                      />
                      <Label htmlFor={`event-${event}`} className="font-normal">
                        {event}
                      </Label>
                    </div>
                  ))}
                </div>
                <p id="outgoing-events-help" className="text-[0.8125rem] text-muted-foreground">
                  None ticked: all events.
                </p>
                {e.events && (
                  <p role="alert" className="text-[0.8125rem] font-medium text-destructive">
                    {e.events.message ?? e.events[0]?.message}
                  </p>
                )}
              </fieldset>
            );
          }}
        />
        <div>
          <SaveButton canSave={canSave} saving={saving} />
        </div>
      </form>
    </SectionCard>
  );
}

export function IncomingWebhook({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const hook = account.incomingWebhook;
  const { form, onSubmit, canSave, saving } = useAccountForm({
    schema: incomingWebhookSetSchema,
    values: { name: account.name, url: hook.url, authorization: undefined },
    save: (v) => client.admin.account.incomingWebhookSet.mutate(v),
    saved: "Incoming webhook saved.",
  });
  const e = form.formState.errors;
  return (
    <SectionCard title="Incoming webhook" description="Called for every message delivered to this account, with its parsed headers and text.">
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Incoming webhook">
        <FormField label="URL" error={e.url?.message} description={URL_HELP}>
          <Input type="url" autoComplete="off" spellCheck={false} placeholder="https://app.example.org/hooks/incoming" {...form.register("url")} />
        </FormField>
        <Controller
          control={form.control}
          name="authorization"
          render={({ field }) => <AuthorizationField id="incoming-authorization" isSet={hook.authorizationSet} value={field.value} onChange={field.onChange} error={e.authorization?.message} />}
        />
        <div>
          <SaveButton canSave={canSave} saving={saving} />
        </div>
      </form>
    </SectionCard>
  );
}

// The account's webhooks paused after failures in a row: the admin may resume them too.
function AdminPauseBanner({ account }: { account: AccountDetail }) {
  const trpc = useTRPC();
  const resume = useMutation(
    trpc.admin.account.webhooksResume.mutationOptions({
      onError: (err) => toast.error(errorMessage(err)),
      onSuccess: (r) => toast.success(`Webhooks of ${account.name} resumed; ${plural(r.count, "waiting call")} due now.`),
    }),
  );
  return <WebhookPauseBanner pausedAt={account.webhookPause.pausedAt} after={account.webhookPause.after} whose="the account's" onResume={() => resume.mutate({ name: account.name })} resuming={resume.isPending} />;
}
