"use client";
// The pause banner on the user's own webhooks page, resuming through the account's procedure.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { plural } from "@/components/admin/format";
import { WebhookPauseBanner } from "@/components/area/webhook-pause-banner";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { WebhookSettings } from "./types";

export function PauseBanner({ pause }: { pause: WebhookSettings["pause"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resume = useMutation(
    trpc.account.webhook.resume.mutationOptions({
      onError: (err) => toast.error(errorMessage(err)),
      onSuccess: async (r) => {
        toast.success(`Webhooks resumed; ${plural(r.count, "waiting call")} due now.`);
        await queryClient.invalidateQueries(trpc.account.webhook.pathFilter());
      },
    }),
  );
  return <WebhookPauseBanner pausedAt={pause.pausedAt} after={pause.after} whose="your" onResume={() => resume.mutate()} resuming={resume.isPending} />;
}
