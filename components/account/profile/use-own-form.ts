"use client";
// The account pages' forms work like the admin's account forms (same schema checks, field errors, toast);
// after a save they refetch the user's own queries, as the admin's refetch admin.account.
import { useQueryClient } from "@tanstack/react-query";
import type { FieldValues } from "react-hook-form";
import { isSessionQuery } from "@/components/area/area-shell";
import { useAccountForm } from "@/components/admin/accounts/use-account-form";

export function useOwnForm<T extends FieldValues>(opts: Parameters<typeof useAccountForm<T>>[0]) {
  const queryClient = useQueryClient();
  return useAccountForm({
    ...opts,
    save: async (values) => {
      const result = await opts.save(values);
      await queryClient.invalidateQueries({ predicate: (q) => !isSessionQuery(q.queryKey) });
      return result;
    },
  });
}
