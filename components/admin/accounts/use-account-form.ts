"use client";
// The admin's account page forms: saved like every settings form, then the account's queries refetched.
import { useQueryClient } from "@tanstack/react-query";
import type { FieldValues } from "react-hook-form";
import { useSavedForm, type SavedFormOptions } from "@/components/area/use-saved-form";
import { useTRPC } from "@/components/trpc/client";

export function useAccountForm<T extends FieldValues>(opts: SavedFormOptions<T>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useSavedForm({ ...opts, refetch: () => queryClient.invalidateQueries(trpc.admin.account.pathFilter()) });
}
