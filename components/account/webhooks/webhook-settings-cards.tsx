"use client";
// The outgoing and incoming webhook settings (spec 2.1, 11.4): URL (empty turns the webhook off), the
// write-only Authorization header, for outgoing the events (none ticked: all), Save, and Test with what is in
// the form. Queued calls keep the URL and Authorization they were queued with.
import { Controller, useWatch, type UseFormRegisterReturn } from "react-hook-form";
import { SaveButton } from "@/components/admin/accounts/section";
import { SectionCard } from "@/components/admin/section-card";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPCClient } from "@/components/trpc/client";
import { incomingSetSchema, outgoingSetSchema } from "@/server/trpc/account/webhook-schemas";
import { OUTGOING_EVENTS, type OutgoingEventName } from "@/server/webhook/outgoing-events";
import { AuthorizationInput } from "./authorization-input";
import { EVENT_DESCRIPTIONS } from "./event-descriptions";
import { TestDialog } from "./test-dialog";
import { useWebhookForm } from "./use-webhook-form";
import type { WebhookSettings } from "./types";

const URL_HELP = "http:// or https://. Empty: no webhook.";

export function OutgoingWebhookCard({ settings }: { settings: WebhookSettings }) {
  const client = useTRPCClient();
  const hook = settings.outgoing;
  const { form, onSubmit, canSave, saving } = useWebhookForm({
    schema: outgoingSetSchema,
    values: { url: hook.url, events: hook.events as OutgoingEventName[], authorization: undefined as string | undefined },
    save: (v) => client.account.webhook.outgoingSet.mutate(v),
    saved: "Outgoing webhook saved.",
  });
  const e = form.formState.errors;
  const url = useWatch({ control: form.control, name: "url" });
  const authorization = useWatch({ control: form.control, name: "authorization" });
  return (
    <SectionCard title="Outgoing webhook" description="Called for delivery events of the messages you send: delivered, failed, delayed, DSNs and more.">
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Outgoing webhook">
        <UrlField registration={form.register("url")} error={e.url?.message} placeholder="https://app.example.org/hooks/mail" />
        <Controller
          control={form.control}
          name="authorization"
          render={({ field }) => <AuthorizationInput isSet={hook.authorizationSet} value={field.value} onChange={field.onChange} error={e.authorization?.message} />}
        />
        <Controller
          control={form.control}
          name="events"
          render={({ field }) => <EventPicker selected={field.value ?? []} onChange={field.onChange} error={e.events?.message ?? e.events?.[0]?.message} />}
        />
        <Actions url={url} authorization={authorization} canSave={canSave} saving={saving} kind="outgoing" authorizationSet={hook.authorizationSet} signed={settings.signing.on} />
      </form>
    </SectionCard>
  );
}

export function IncomingWebhookCard({ settings }: { settings: WebhookSettings }) {
  const client = useTRPCClient();
  const hook = settings.incoming;
  const { form, onSubmit, canSave, saving } = useWebhookForm({
    schema: incomingSetSchema,
    values: { url: hook.url, authorization: undefined as string | undefined },
    save: (v) => client.account.webhook.incomingSet.mutate(v),
    saved: "Incoming webhook saved.",
  });
  const e = form.formState.errors;
  const url = useWatch({ control: form.control, name: "url" });
  const authorization = useWatch({ control: form.control, name: "authorization" });
  return (
    <SectionCard title="Incoming webhook" description="Called for every message delivered to your account, with its parsed headers and text.">
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Incoming webhook">
        <UrlField registration={form.register("url")} error={e.url?.message} placeholder="https://app.example.org/hooks/incoming" />
        <Controller
          control={form.control}
          name="authorization"
          render={({ field }) => <AuthorizationInput isSet={hook.authorizationSet} value={field.value} onChange={field.onChange} error={e.authorization?.message} />}
        />
        <Actions url={url} authorization={authorization} canSave={canSave} saving={saving} kind="incoming" authorizationSet={hook.authorizationSet} signed={settings.signing.on} />
      </form>
    </SectionCard>
  );
}

function UrlField(props: { registration: UseFormRegisterReturn; error?: string; placeholder: string }) {
  return (
    <FormField label="URL" error={props.error} description={URL_HELP}>
      <Input type="url" autoComplete="off" spellCheck={false} placeholder={props.placeholder} {...props.registration} />
    </FormField>
  );
}

// Save, and Test with the URL and Authorization as they are in the form now.
function Actions(props: { url: string; authorization: string | undefined; canSave: boolean; saving: boolean; kind: "outgoing" | "incoming"; authorizationSet: boolean; signed: boolean }) {
  return (
    <div className="flex flex-wrap gap-2">
      <SaveButton canSave={props.canSave} saving={props.saving} />
      <TestDialog kind={props.kind} url={props.url.trim()} authorization={props.authorization} authorizationSet={props.authorizationSet} signed={props.signed} />
    </div>
  );
}

function EventPicker(props: { selected: OutgoingEventName[]; onChange: (events: OutgoingEventName[]) => void; error?: string }) {
  return (
    <CheckboxGroup
      legend="Events"
      help={props.selected.length === 0 ? "None ticked: every event is sent." : `Only the ${props.selected.length} ticked events are sent.`}
      idPrefix="event"
      columns={2}
      options={OUTGOING_EVENTS.map((event) => ({ value: event, label: event, description: EVENT_DESCRIPTIONS[event] }))}
      selected={props.selected}
      onChange={props.onChange}
      error={props.error}
    />
  );
}
