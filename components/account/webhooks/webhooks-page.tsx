"use client";
// /account/webhooks: the user's outgoing and incoming webhooks with their test calls, request signing, and the
// account's own webhook calls; a banner while the webhooks are paused after failures in a row.
import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { HookCalls } from "./hook-calls";
import { PauseBanner } from "./pause-banner";
import { SigningCard } from "./signing-card";
import { IncomingWebhookCard, OutgoingWebhookCard } from "./webhook-settings-cards";

export function WebhooksPage() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.account.webhook.get.queryOptions());
  return (
    <div className="space-y-4">
      <PageHeader title="Webhooks" description="Your application learns what happened to the mail you send, and gets the mail you receive, as HTTP calls to your URLs." />
      {settings.error ? (
        <p role="alert" className="rounded-lg border border-destructive/50 p-4 text-sm text-destructive">
          {errorMessage(settings.error)}
        </p>
      ) : !settings.data ? (
        <Skeleton className="h-64 w-full" />
      ) : (
        <>
          <PauseBanner pause={settings.data.pause} />
          <div className="grid gap-4 lg:grid-cols-2">
            <OutgoingWebhookCard settings={settings.data} />
            <div className="grid content-start gap-4">
              <IncomingWebhookCard settings={settings.data} />
              <SigningCard signing={settings.data.signing} />
            </div>
          </div>
        </>
      )}
      <HookCalls />
    </div>
  );
}
