"use client";
// Disabling a domain (Send then refuses its mail with the reason, code domainDisabled) and enabling it again.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Ban, CircleCheck } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { domainDisableSchema } from "@/server/trpc/admin/domain-schemas";
import { showServerErrors } from "../server-errors";
import { DialogActions } from "../form-actions";

type Domain = { name: string; unicodeName: string; disabledReason: string };

export function DomainStatusBadge({ domain }: { domain: Domain }) {
  if (!domain.disabledReason) return <Badge variant="success">Active</Badge>;
  return (
    <Badge variant="warning" title={domain.disabledReason}>
      Disabled: <span className="max-w-40 truncate">{domain.disabledReason}</span>
    </Badge>
  );
}

// Disable (with a reason) when active, enable when disabled.
export function DomainStatusButton({ domain }: { domain: Domain }) {
  const trpc = useTRPC();
  const enable = useMutation(
    trpc.admin.domain.enable.mutationOptions({
      onSuccess: () => toast.success(`${domain.unicodeName} is enabled: its mail is sent again.`),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  if (domain.disabledReason) {
    return (
      <Button size="sm" variant="outline" disabled={enable.isPending} onClick={() => enable.mutate({ domain: domain.name })}>
        <CircleCheck aria-hidden /> Enable<span className="sr-only"> {domain.unicodeName}</span>
      </Button>
    );
  }
  return <DisableDialog domain={domain} />;
}

function DisableDialog({ domain }: { domain: Domain }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <Ban aria-hidden /> Disable<span className="sr-only"> {domain.unicodeName}</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Disable {domain.unicodeName}?</DialogTitle>
          <DialogDescription>
            Sending from {domain.unicodeName} is refused with your reason (webapi error domainDisabled) until you enable it again. Incoming mail, addresses and keys
            stay as they are.
          </DialogDescription>
        </DialogHeader>
        {open && <DisableForm domain={domain} onDone={() => setOpen(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function DisableForm({ domain, onDone }: { domain: Domain; onDone: () => void }) {
  const trpc = useTRPC();
  const form = useForm<z.input<typeof domainDisableSchema>>({ resolver: zodResolver(domainDisableSchema), defaultValues: { domain: domain.name, reason: "" } });
  const disable = useMutation(
    trpc.admin.domain.disable.mutationOptions({
      onSuccess: () => {
        toast.success(`${domain.unicodeName} is disabled: its mail is refused.`);
        onDone();
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  return (
    <form onSubmit={form.handleSubmit((v) => disable.mutate(v))} noValidate className="grid gap-4">
      <FormField label="Reason" error={form.formState.errors.reason?.message} description="Senders see it in the error, e.g. “under review after abuse reports”." required>
        <Input autoFocus autoComplete="off" {...form.register("reason")} />
      </FormField>
      <DialogActions onCancel={onDone} disabled={!form.formState.isDirty || disable.isPending} submit="Disable sending" destructive />
    </form>
  );
}
