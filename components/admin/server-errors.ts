"use client";
// A refused mutation's messages go where the user looks: on the fields the server named, or in a toast.
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { toast } from "sonner";
import { errorMessage, fieldErrors } from "@/components/trpc/client";

export function showServerErrors<T extends FieldValues>(form: UseFormReturn<T>, err: unknown): void {
  const named = Object.entries(fieldErrors(err)).filter(([, m]) => m?.length);
  if (named.length === 0) toast.error(errorMessage(err));
  for (const [field, messages] of named) form.setError(field as Path<T>, { message: messages![0] });
}
