"use client";
// Our request signing (X-Mailroom-Signature, an HMAC over "<t>.<body>"): generate a secret, shown this once;
// rotate, with the old secret still signing as a second signature for 24 hours while receivers switch; turn
// it off. The page never sees a secret again after it was shown.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmButton } from "@/components/admin/confirm-button";
import { SectionCard } from "@/components/admin/section-card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { SIGNATURE_HEADER } from "@/server/webhook/signature-header";
import type { WebhookSettings } from "./types";

export function SigningCard({ signing }: { signing: WebhookSettings["signing"] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState("");
  const onError = (err: unknown) => toast.error(errorMessage(err));
  const done = (message: string) => async (r: object) => {
    setShown("secret" in r ? String(r.secret) : "");
    toast.success(message);
    await queryClient.invalidateQueries(trpc.account.webhook.get.queryFilter());
  };
  const generate = useMutation(trpc.account.webhook.signingGenerate.mutationOptions({ onError, onSuccess: done("Signing secret generated.") }));
  const rotate = useMutation(trpc.account.webhook.signingRotate.mutationOptions({ onError, onSuccess: done("Signing secret rotated.") }));
  const off = useMutation(trpc.account.webhook.signingOff.mutationOptions({ onError, onSuccess: done("Requests are no longer signed.") }));
  return (
    <SectionCard
      title="Signing secret"
      description={`Signs each webhook request with ${SIGNATURE_HEADER}: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">, so your receiver can refuse forged or replayed calls.`}
      actions={<Badge variant={signing.on ? "success" : "outline"}>{signing.on ? "signing on" : "not signed"}</Badge>}
    >
      {shown && (
        <div role="status" className="grid gap-2 rounded-md border border-warning/40 bg-warning/10 p-3 text-sm">
          <p className="font-medium">Copy the new secret now: it is not shown again.</p>
          <div className="flex items-center gap-2">
            <code aria-label="New signing secret" className="min-w-0 flex-1 break-all rounded bg-muted p-2 font-mono text-xs">
              {shown}
            </code>
            <CopyButton value={shown} label="Copy secret" />
          </div>
        </div>
      )}
      {signing.previousUntil && (
        <p className="text-sm text-muted-foreground">
          The previous secret still signs, as a second v1 signature, until <RelativeTime date={signing.previousUntil} />.
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {signing.on ? (
          <>
            <ConfirmButton
              label="Rotate secret"
              variant="outline"
              title="Rotate the signing secret?"
              description="A new secret signs every request from now on. For 24 hours the current secret signs too, as a second v1 signature, so your receiver keeps accepting calls until you switch it to the new secret."
              confirm="Rotate secret"
              disabled={rotate.isPending}
              onConfirm={() => rotate.mutate()}
            />
            <ConfirmButton
              label="Turn off signing"
              title="Turn off request signing?"
              description={`Requests are sent without ${SIGNATURE_HEADER} from now on, and the secret is deleted. A receiver that checks signatures will refuse them.`}
              confirm="Turn off signing"
              disabled={off.isPending}
              onConfirm={() => off.mutate()}
            />
          </>
        ) : (
          <Button type="button" size="sm" disabled={generate.isPending} onClick={() => generate.mutate()}>
            Generate secret
          </Button>
        )}
      </div>
    </SectionCard>
  );
}
