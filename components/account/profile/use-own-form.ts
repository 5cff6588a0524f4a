"use client";
// The account pages' forms: saved like every settings form, then the user's own queries refetched.
import { useQueryClient } from "@tanstack/react-query";
import type { FieldValues } from "react-hook-form";
import { isSessionQuery } from "@/components/area/area-shell";
import { useSavedForm, type SavedFormOptions } from "@/components/area/use-saved-form";

export function useOwnForm<T extends FieldValues>(opts: SavedFormOptions<T>) {
  const queryClient = useQueryClient();
  return useSavedForm({ ...opts, refetch: () => queryClient.invalidateQueries({ predicate: (q) => !isSessionQuery(q.queryKey) }) });
}
