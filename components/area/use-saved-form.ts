"use client";
// A settings form as every area's pages use it: it shows the values as loaded, a live update replaces what the
// user has not edited, Save is enabled once something changed, the procedure's own schema checks the values
// (sent as typed: the procedure parses "7d" or "500 MB" itself), the server's refusals land on their fields,
// and success is a toast followed by a refetch of what the page shows.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm, type FieldValues, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { showServerErrors } from "@/components/admin/server-errors";
import { toast } from "@/components/ui/toaster";

export type SavedFormOptions<T extends FieldValues> = {
  schema: z.ZodType<unknown, T>;
  values: T;
  save: (values: T) => Promise<unknown>;
  saved: string;
  // Back to `values` after saving (an add form, a password), rather than showing what was saved.
  clearOnSave?: boolean;
  // Or what else the form shows after saving.
  resetTo?: (saved: T) => T;
};

export function useSavedForm<T extends FieldValues>(opts: SavedFormOptions<T> & { refetch: () => Promise<void> }) {
  // Typed as the raw values: those are what is sent, the parsed output only checks them.
  const resolver = zodResolver(opts.schema) as unknown as Resolver<T>;
  const form = useForm<T>({ resolver, values: opts.values, resetOptions: { keepDirtyValues: true } });
  const mutation = useMutation({
    mutationFn: opts.save,
    onSuccess: async () => {
      toast.success(opts.saved);
      const saved = form.getValues();
      form.reset(opts.clearOnSave ? opts.values : opts.resetTo ? opts.resetTo(saved) : saved);
      await opts.refetch();
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
