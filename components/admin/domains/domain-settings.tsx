"use client";
// A domain's catchall separators and case sensitivity. They decide how localparts are read from now on;
// addresses already stored keep their form.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/components/trpc/client";
import { domainSettingsSchema } from "@/server/trpc/admin/domain-schemas";
import { showServerErrors } from "../server-errors";
import { CaseSensitiveField } from "./case-sensitive-field";

type Form = z.input<typeof domainSettingsSchema>;
type Domain = { name: string; unicodeName: string; catchallSeparators: string[]; localpartCaseSensitive: boolean };

const valuesOf = (d: Domain): Form => ({ domain: d.name, catchallSeparators: d.catchallSeparators.join(" "), localpartCaseSensitive: d.localpartCaseSensitive });

export function DomainSettings({ domain }: { domain: Domain }) {
  const trpc = useTRPC();
  const form = useForm<Form>({ resolver: zodResolver(domainSettingsSchema), defaultValues: valuesOf(domain) });
  // A change made elsewhere (another tab, the CLI) arrives live; it replaces the form unless it is being edited.
  const current = valuesOf(domain);
  const currentKey = JSON.stringify(current);
  useEffect(() => {
    if (!form.formState.isDirty) form.reset(JSON.parse(currentKey) as Form);
  }, [currentKey, form]);
  const save = useMutation(
    trpc.admin.domain.update.mutationOptions({
      onSuccess: (_r, v) => {
        toast.success(`Saved the settings of ${domain.unicodeName}.`);
        form.reset(v);
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  const e = form.formState.errors;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Settings</h2>
        </CardTitle>
        <CardDescription>How localparts of {domain.unicodeName} are read. Addresses already added keep the form they were stored in.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={form.handleSubmit((v) => save.mutate(v))} noValidate className="grid gap-4 sm:max-w-lg" aria-label={`Settings of ${domain.unicodeName}`}>
          <FormField label="Catchall separators" error={e.catchallSeparators?.message} description="Space-separated, e.g. + or + -: name+tag@ is delivered to name@. Empty: none.">
            <Input autoComplete="off" spellCheck={false} className="font-mono" {...form.register("catchallSeparators")} />
          </FormField>
          <CaseSensitiveField control={form.control} error={e.localpartCaseSensitive?.message} />
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={!form.formState.isDirty || save.isPending}>
              Save
            </Button>
            {form.formState.isDirty && (
              <Button type="button" size="sm" variant="ghost" onClick={() => form.reset(current)}>
                Undo changes
              </Button>
            )}
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
