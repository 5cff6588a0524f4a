"use client";
// The editable sample payloads of the test dialog (spec 11.4): for the outgoing webhook the fields mox's dialog
// offers, for the incoming webhook the whole JSON. Each reports the payload to send, or null while invalid.
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { incomingSampleFormSchema, outgoingSampleFormSchema } from "@/server/trpc/account/webhook-schemas";
import { OUTGOING_EVENTS } from "@/server/webhook/outgoing-events";
import { sampleIncomingPayload, sampleOutgoingPayload } from "@/server/webhook/test-schema";

type Payload = Record<string, unknown>;
type OutgoingForm = z.input<typeof outgoingSampleFormSchema>;

function outgoingDefaults(): OutgoingForm {
  const s = sampleOutgoingPayload();
  return { Event: "delivered", DSN: s.DSN, Suppressing: s.Suppressing, QueueMsgID: String(s.QueueMsgID), FromID: s.FromID, MessageID: s.MessageID, Error: s.Error, Extra: JSON.stringify(s.Extra) };
}

export function OutgoingSampleEditor({ onPayload }: { onPayload: (p: Payload | null) => void }) {
  const form = useForm<OutgoingForm>({ resolver: zodResolver(outgoingSampleFormSchema) as never, defaultValues: outgoingDefaults(), mode: "onChange" });
  useEffect(() => {
    const sub = form.watch((values) => {
      const parsed = outgoingSampleFormSchema.safeParse(values);
      onPayload(parsed.success ? { ...sampleOutgoingPayload(), ...parsed.data } : null);
    });
    return () => sub.unsubscribe();
  }, [form, onPayload]);
  const e = form.formState.errors;
  const text = (field: "FromID" | "MessageID" | "Error") => (
    <FormField label={field} error={e[field]?.message}>
      <Input autoComplete="off" spellCheck={false} className="font-mono" {...form.register(field)} />
    </FormField>
  );
  return (
    <div className="grid gap-3 sm:grid-cols-2" role="group" aria-label="Sample payload">
      <FormField label="Event" error={e.Event?.message}>
        <NativeSelect wrapperClassName="w-full" {...form.register("Event")}>
          {OUTGOING_EVENTS.map((ev) => (
            <option key={ev} value={ev}>
              {ev}
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormField label="QueueMsgID" error={e.QueueMsgID?.message}>
        <Input inputMode="numeric" {...form.register("QueueMsgID")} />
      </FormField>
      {(["DSN", "Suppressing"] as const).map((flag) => (
        <Controller
          key={flag}
          control={form.control}
          name={flag}
          render={({ field }) => (
            <div className="flex items-center gap-2">
              <Checkbox id={`sample-${flag}`} checked={field.value} onCheckedChange={(on) => field.onChange(on === true)} />
              <Label htmlFor={`sample-${flag}`} className="font-normal">
                {flag}
              </Label>
            </div>
          )}
        />
      ))}
      {text("FromID")}
      {text("MessageID")}
      <div className="sm:col-span-2">{text("Error")}</div>
      <FormField label="Extra (JSON)" error={e.Extra?.message} className="sm:col-span-2">
        <Textarea rows={2} spellCheck={false} className="font-mono text-xs" {...form.register("Extra")} />
      </FormField>
    </div>
  );
}

export function IncomingSampleEditor({ onPayload }: { onPayload: (p: Payload | null) => void }) {
  const [text, setText] = useState(() => JSON.stringify(sampleIncomingPayload(), null, 2));
  const parsed = incomingSampleFormSchema.safeParse({ payload: text });
  const change = (next: string) => {
    setText(next);
    const p = incomingSampleFormSchema.safeParse({ payload: next });
    onPayload(p.success ? p.data.payload : null);
  };
  return (
    <FormField label="Payload (JSON)" error={parsed.success ? undefined : parsed.error.issues[0]?.message}>
      <Textarea rows={12} spellCheck={false} className="font-mono text-xs" value={text} onChange={(e) => change(e.target.value)} />
    </FormField>
  );
}
