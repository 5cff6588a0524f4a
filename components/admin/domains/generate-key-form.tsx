"use client";
// Generating a DKIM key: a selector (proposed as <yyyymmdd><letter>, or chosen) and an algorithm. Ed25519 keys
// are short; RSA is what every receiver verifies. Signing with both is common.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/components/trpc/client";
import { dkimGenerateSchema } from "@/server/trpc/admin/domain-schemas";
import { showServerErrors } from "../server-errors";
import { InlineActions } from "../form-actions";

type Form = z.input<typeof dkimGenerateSchema>;

export function GenerateKeyForm({ domain, onDone }: { domain: { name: string; unicodeName: string }; onDone: () => void }) {
  const trpc = useTRPC();
  const proposal = useQuery(trpc.admin.dkim.proposeSelector.queryOptions({ domain: domain.name }, { staleTime: 0 }));
  const form = useForm<Form>({ resolver: zodResolver(dkimGenerateSchema), defaultValues: { domain: domain.name, selector: "", algorithm: "rsa" } });
  const proposed = proposal.data?.selector;
  useEffect(() => {
    if (proposed && !form.getFieldState("selector").isDirty) form.setValue("selector", proposed);
  }, [proposed, form]);
  const generate = useMutation(
    trpc.admin.dkim.generate.mutationOptions({
      onSuccess: (k) => {
        toast.success(k.sign ? `Generated ${k.selector}; it signs now. Publish its DNS record below.` : `Generated ${k.selector}. Publish its DNS record, then switch signing to it.`);
        onDone();
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  const e = form.formState.errors;
  return (
    <form
      onSubmit={form.handleSubmit((v) => generate.mutate(v))}
      noValidate
      aria-label="New DKIM key"
      className="grid gap-3 rounded-md border p-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
    >
      <FormField label="Selector" error={e.selector?.message} description={`The record goes at <selector>._domainkey.${domain.unicodeName}. Empty: proposed.`}>
        <Input autoFocus autoComplete="off" spellCheck={false} className="font-mono" placeholder={proposed} {...form.register("selector")} />
      </FormField>
      <FormField label="Algorithm" error={e.algorithm?.message} description="RSA 2048 verifies everywhere; Ed25519 is shorter but not yet verified by all receivers.">
        <NativeSelect wrapperClassName="w-full" {...form.register("algorithm")}>
          <NativeSelectOption value="rsa">RSA 2048</NativeSelectOption>
          <NativeSelectOption value="ed25519">Ed25519</NativeSelectOption>
        </NativeSelect>
      </FormField>
      <InlineActions onCancel={onDone} disabled={generate.isPending} submit={generate.isPending ? "Generating…" : "Generate"} className="sm:pt-6" />
    </form>
  );
}
