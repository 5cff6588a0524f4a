"use client";
// Cancel of one queued message, behind a dialog that says what it does: no further attempt, no DSN, the
// canceled webhook event.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { XCircle } from "lucide-react";
import { toast } from "sonner";
import { ConfirmButton } from "@/components/admin/confirm-button";
import { errorMessage, useTRPC } from "@/components/trpc/client";

export function CancelMessage({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.account.message.cancel.mutationOptions({
      onSuccess: () => {
        toast.success(`Message ${id} canceled: it left the queue without a DSN.`);
        void queryClient.invalidateQueries({ queryKey: trpc.account.message.trail.queryKey({ id }) });
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  return (
    <ConfirmButton
      label={
        <>
          <XCircle className="size-4" aria-hidden /> Cancel delivery
        </>
      }
      title={`Cancel delivery of message ${id}?`}
      description="The message leaves the queue now, without another delivery attempt. No DSN (bounce) is sent to you; if you have an outgoing webhook, it gets the event “canceled”. This cannot be undone."
      confirm="Cancel message"
      disabled={cancel.isPending}
      onConfirm={() => cancel.mutate({ id })}
    />
  );
}
