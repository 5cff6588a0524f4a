"use client";
// Adding a route: whose mail it applies to (everyone, a sender domain, a sender account), which From and To
// domains, from which attempt on, and the transport. It goes last in its list; move it afterwards.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect, NativeSelectOptGroup, NativeSelectOption } from "@/components/ui/native-select";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/components/trpc/client";
import { routeAddSchema } from "@/server/trpc/admin/route-schemas";
import { showServerErrors } from "../server-errors";
import { listMessage } from "@/components/area/address-rows";
import { ListInput } from "./list-input";
import { DialogActions } from "../form-actions";

type Form = z.input<typeof routeAddSchema>;
const EMPTY: Form = { scope: "global", fromDomains: [], toDomains: [], minimumAttempts: 0, transport: "" };
const DOMAINS_HELP = "Comma-separated; .example.com also matches its subdomains. Empty: any.";

export function RouteForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const scopes = useQuery(trpc.admin.route.scopes.queryOptions());
  const transports = useQuery(trpc.admin.transport.names.queryOptions());
  const form = useForm<Form>({ resolver: zodResolver(routeAddSchema), defaultValues: EMPTY });
  const add = useMutation(
    trpc.admin.route.add.mutationOptions({
      onSuccess: (r) => {
        toast.success(`Route added at position ${r.position}, over ${r.transport}. It applies from the next delivery attempt.`);
        onDone();
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  const e = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit((v) => add.mutate(v))} noValidate className="grid gap-4" aria-label="New route">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Applies to" error={e.scope?.message} description="Whose outgoing mail: checked account first, then domain, then global.">
          <NativeSelect wrapperClassName="w-full" {...form.register("scope")}>
            <NativeSelectOption value="global">Everyone (global)</NativeSelectOption>
            {(scopes.data?.domains.length ?? 0) > 0 && (
              <NativeSelectOptGroup label="Senders of domain">
                {scopes.data!.domains.map((d) => (
                  <NativeSelectOption key={d.name} value={`domain:${d.name}`}>
                    {d.unicodeName}
                  </NativeSelectOption>
                ))}
              </NativeSelectOptGroup>
            )}
            {(scopes.data?.accounts.length ?? 0) > 0 && (
              <NativeSelectOptGroup label="Account">
                {scopes.data!.accounts.map((a) => (
                  <NativeSelectOption key={a} value={`account:${a}`}>
                    {a}
                  </NativeSelectOption>
                ))}
              </NativeSelectOptGroup>
            )}
          </NativeSelect>
        </FormField>
        <FormField label="Transport" error={e.transport?.message} required>
          <NativeSelect wrapperClassName="w-full" {...form.register("transport")}>
            <NativeSelectOption value="">Choose a transport</NativeSelectOption>
            {(transports.data ?? []).map((name) => (
              <NativeSelectOption key={name} value={name}>
                {name}
              </NativeSelectOption>
            ))}
          </NativeSelect>
        </FormField>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Controller
          control={form.control}
          name="fromDomains"
          render={({ field }) => (
            <FormField label="From domains" error={listMessage(e.fromDomains)} description={DOMAINS_HELP}>
              <ListInput value={field.value} onChange={field.onChange} onBlur={field.onBlur} name={field.name} ref={field.ref} placeholder="example.org" />
            </FormField>
          )}
        />
        <Controller
          control={form.control}
          name="toDomains"
          render={({ field }) => (
            <FormField label="To domains" error={listMessage(e.toDomains)} description={DOMAINS_HELP}>
              <ListInput value={field.value} onChange={field.onChange} onBlur={field.onBlur} name={field.name} ref={field.ref} placeholder="gmail.com, .outlook.com" />
            </FormField>
          )}
        />
      </div>
      <FormField label="Minimum attempts" error={e.minimumAttempts?.message} description="Attempts already made before this route applies. 0: from the first attempt; 2: from the third, e.g. a fallback relay.">
        <Input type="number" inputMode="numeric" min={0} className="w-28" {...form.register("minimumAttempts", { valueAsNumber: true })} />
      </FormField>
      <DialogActions onCancel={onDone} disabled={!form.formState.isDirty || add.isPending} submit="Add route" />
    </form>
  );
}
