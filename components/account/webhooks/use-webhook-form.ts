"use client";
// The webhooks page's settings forms: they show the settings as loaded, a live update replaces what the user
// has not edited, Save is enabled once something changed, the procedure's own schema checks the values and
// its refusals land on their fields; success is a toast.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm, type FieldValues, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { showServerErrors } from "@/components/admin/server-errors";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/components/trpc/client";

export function useWebhookForm<T extends FieldValues>(opts: { schema: z.ZodType<unknown, T>; values: T; save: (values: T) => Promise<unknown>; saved: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Typed as the raw values: those are what is sent, the parsed output only checks them.
  const resolver = zodResolver(opts.schema) as unknown as Resolver<T>;
  const form = useForm<T>({ resolver, values: opts.values, resetOptions: { keepDirtyValues: true } });
  const mutation = useMutation({
    mutationFn: opts.save,
    onSuccess: async () => {
      toast.success(opts.saved);
      // Authorization goes back to "keep": what was typed is saved and never shown again.
      form.reset({ ...form.getValues(), authorization: undefined } as T);
      await queryClient.invalidateQueries(trpc.account.webhook.get.queryFilter());
    },
    onError: (err) => showServerErrors(form, err),
  });
  return {
    form,
    onSubmit: form.handleSubmit(() => mutation.mutate(form.getValues())),
    canSave: form.formState.isDirty && !mutation.isPending,
    saving: mutation.isPending,
  };
}
