"use client";
// Removing an account, after saying what goes with it, counted when the dialog opens.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle, AlertDialogTrigger } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { AppRouterOutputs } from "../types";

type Preview = AppRouterOutputs["admin"]["account"]["removePreview"];

const count = (n: number, one: string, more = `${one}s`) => `${n} ${n === 1 ? one : more}`;

function removalText(p: Preview): string {
  return [
    `${count(p.messages, "stored message")} in ${count(p.mailboxes, "mailbox", "mailboxes")} will be deleted`,
    `${count(p.queued, "queued outgoing message")} will be removed without DSN`,
    `${count(p.suppressions, "suppression")} of its suppression list will be deleted`,
    `and ${p.addresses.length === 1 ? "its address" : "its addresses"} ${p.addresses.join(", ")} will be free to reuse.`,
  ].join(", ") + " Retired messages and webhooks stay until they expire. This cannot be undone.";
}

export function RemoveAccount({ name }: { name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const preview = useQuery({ ...trpc.admin.account.removePreview.queryOptions({ name }), enabled: open, staleTime: 0 });
  const remove = useMutation(
    trpc.admin.account.remove.mutationOptions({
      onSuccess: () => {
        toast.success(`Removed account ${name}.`);
        router.push("/admin/accounts");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button size="sm" variant="destructive">
          <Trash2 aria-hidden /> Remove account
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove account {name}?</AlertDialogTitle>
          <AlertDialogDescription>
            {preview.data ? removalText(preview.data) : preview.error ? errorMessage(preview.error) : "Counting what would be removed…"}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction variant="destructive" disabled={!preview.data || remove.isPending} onClick={() => remove.mutate({ name })}>
            Remove account
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
