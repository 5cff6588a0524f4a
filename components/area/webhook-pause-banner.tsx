"use client";
// Shown while an account's webhooks are paused after failures in a row: nothing is attempted until Resume,
// which makes the waiting calls due at once. The account's page and the admin's page of the account use it.
import { PauseCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";

export function WebhookPauseBanner(props: { pausedAt: Date | null; after: number; whose: string; onResume: () => void; resuming: boolean }) {
  if (!props.pausedAt) return null;
  return (
    <section role="alert" aria-label="Webhooks paused" className="flex flex-wrap items-center gap-3 rounded-lg border border-destructive/40 bg-destructive/10 p-3 text-sm">
      <PauseCircle className="size-5 text-destructive" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="font-medium">Webhooks paused after {props.after} failures in a row</p>
        <p className="text-muted-foreground">
          Since <RelativeTime date={props.pausedAt} />. Calls wait in the queue and are not attempted. Fix {props.whose} receiver (see the last responses, or use Test), then resume.
        </p>
      </div>
      <Button type="button" size="sm" disabled={props.resuming} onClick={props.onResume}>
        Resume
      </Button>
    </section>
  );
}
