"use client";
// The webhooks page's settings forms: saved like every settings form; the Authorization field goes back to
// "keep" afterwards, since what was typed is saved and never shown again.
import { useQueryClient } from "@tanstack/react-query";
import type { FieldValues } from "react-hook-form";
import { useSavedForm, type SavedFormOptions } from "@/components/area/use-saved-form";
import { useTRPC } from "@/components/trpc/client";

export function useWebhookForm<T extends FieldValues>(opts: SavedFormOptions<T>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useSavedForm({
    ...opts,
    resetTo: (saved) => ({ ...saved, authorization: undefined }),
    refetch: () => queryClient.invalidateQueries(trpc.account.webhook.get.queryFilter()),
  });
}
