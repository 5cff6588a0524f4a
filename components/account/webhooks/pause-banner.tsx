"use client";
// Shown while the account's webhooks are paused after failures in a row: nothing is attempted until Resume,
// which makes the waiting calls due at once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PauseCircle } from "lucide-react";
import { plural } from "@/components/admin/format";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
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
  if (!pause.pausedAt) return null;
  return (
    <section role="alert" aria-label="Webhooks paused" className="flex flex-wrap items-center gap-3 rounded-lg border border-destructive/40 bg-destructive/10 p-3 text-sm">
      <PauseCircle className="size-5 text-destructive" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="font-medium">Webhooks paused after {pause.after} failures in a row</p>
        <p className="text-muted-foreground">
          Since <RelativeTime date={pause.pausedAt} />. Calls wait in the queue and are not attempted. Fix your receiver (see the last responses below, or use Test), then resume.
        </p>
      </div>
      <Button type="button" size="sm" disabled={resume.isPending} onClick={() => resume.mutate()}>
        Resume
      </Button>
    </section>
  );
}
