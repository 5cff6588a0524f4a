"use client";
// The account page's forms all work alike. They show the account as loaded; a live update replaces what the
// admin has not edited. Save is enabled once something changed. The form checks its values with the
// procedure's own schema and sends them as typed (the procedure parses "7d" or "500 MB" itself); the
// server's refusals land on their fields, success is a toast.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm, type FieldValues, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/components/trpc/client";
import { showServerErrors } from "../server-errors";

// clearOnSave: back to `values` after saving (an add form, a password), rather than showing what was saved.
export function useAccountForm<T extends FieldValues>(opts: { schema: z.ZodType<unknown, T>; values: T; save: (values: T) => Promise<unknown>; saved: string; clearOnSave?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Typed as the raw values: those are what is sent, the parsed output only checks them.
  const resolver = zodResolver(opts.schema) as unknown as Resolver<T>;
  const form = useForm<T>({ resolver, values: opts.values, resetOptions: { keepDirtyValues: true } });
  const mutation = useMutation({
    mutationFn: opts.save,
    onSuccess: async () => {
      toast.success(opts.saved);
      form.reset(opts.clearOnSave ? opts.values : form.getValues());
      await queryClient.invalidateQueries(trpc.admin.account.pathFilter());
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
