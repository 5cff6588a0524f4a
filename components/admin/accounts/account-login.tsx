"use client";
// Disabling an account's login refuses every password login (webapi, SMTP submission, web pages) with the
// admin's message and ends its open web sessions; mail for its addresses is still accepted.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import { loginDisableSchema } from "@/server/trpc/admin/account-schemas";
import { SectionCard } from "../section-card";
import type { AccountDetail } from "./types";
import { useAccountForm } from "./use-account-form";

export function AccountLogin({ account }: { account: AccountDetail }) {
  return (
    <SectionCard
      title="Login"
      description={account.loginDisabled ? "Logins are refused with the message below. Mail to the account's addresses is still delivered." : "The account can log in with any of its addresses and its password."}
    >
      {account.loginDisabled ? <EnableLogin account={account} /> : <DisableLogin account={account} />}
    </SectionCard>
  );
}

function EnableLogin({ account }: { account: AccountDetail }) {
  const trpc = useTRPC();
  const enable = useMutation(
    trpc.admin.account.loginEnable.mutationOptions({ onSuccess: () => toast.success(`${account.name} can log in again.`), onError: (e) => toast.error(errorMessage(e)) }),
  );
  return (
    <div className="space-y-3">
      <p className="rounded-md border border-warning/40 bg-warning/10 p-3 text-sm">{account.loginDisabled}</p>
      <Button size="sm" variant="outline" disabled={enable.isPending} onClick={() => enable.mutate({ name: account.name })}>
        Enable login
      </Button>
    </div>
  );
}

function DisableLogin({ account }: { account: AccountDetail }) {
  const client = useTRPCClient();
  const [confirming, setConfirming] = useState(false);
  const { form, onSubmit, canSave } = useAccountForm({
    schema: loginDisableSchema,
    values: { name: account.name, message: "" },
    save: (v) => client.admin.account.loginDisable.mutate(v),
    saved: `Logins of ${account.name} are now refused.`,
    clearOnSave: true,
  });
  return (
    <form onSubmit={form.handleSubmit(() => setConfirming(true))} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-start" aria-label="Disable login">
      <FormField label="Message shown when a login is refused" className="flex-1" error={form.formState.errors.message?.message}>
        <Input autoComplete="off" placeholder="Account suspended: contact support@example.org" {...form.register("message")} />
      </FormField>
      <div className="sm:pt-6">
        <Button type="submit" size="sm" variant="destructive" disabled={!canSave}>
          Disable login…
        </Button>
      </div>
      <AlertDialog open={confirming} onOpenChange={setConfirming}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Disable login of {account.name}?</AlertDialogTitle>
            <AlertDialogDescription>
              Every login with its addresses (webapi, SMTP submission, web pages) will be refused with your message, and its open web sessions end now. Mail to its addresses is still
              delivered. You can enable login again here.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction variant="destructive" onClick={() => void onSubmit()}>
              Disable login
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </form>
  );
}
