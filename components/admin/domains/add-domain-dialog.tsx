"use client";
// Adding a domain: its name, the catchall separators (name+anything@ reaches name@) and whether localparts are
// case sensitive. The DKIM key and the DNS records follow on the domain's page, where this opens.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { useTRPC } from "@/components/trpc/client";
import { domainAddSchema } from "@/server/trpc/admin/domain-schemas";
import { showServerErrors } from "../server-errors";
import { CaseSensitiveField } from "./case-sensitive-field";
import { domainHref } from "./domain-href";
import { DialogActions } from "../form-actions";
import { FormDialog } from "../form-dialog";

type Form = z.input<typeof domainAddSchema>;
const EMPTY: Form = { name: "", catchallSeparators: "+", localpartCaseSensitive: false };

export function AddDomainDialog({ label = "Add domain" }: { label?: string }) {
  return (
    <FormDialog label={label} title="Add a domain" description="Mail for the domain is accepted once accounts have addresses there and its MX record points here.">
      {(close) => <AddDomainForm onDone={close} />}
    </FormDialog>
  );
}

function AddDomainForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<Form>({ resolver: zodResolver(domainAddSchema), defaultValues: EMPTY });
  const add = useMutation(
    trpc.admin.domain.add.mutationOptions({
      onSuccess: (d) => {
        toast.success(`Added ${d.unicodeName}. Next: a DKIM key and the DNS records.`);
        onDone();
        router.push(domainHref(d.name));
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  const e = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit((v) => add.mutate(v))} noValidate className="grid gap-4" aria-label="New domain">
      <FormField label="Domain name" error={e.name?.message} description="e.g. example.org; Unicode names are fine." required>
        <Input autoFocus autoComplete="off" spellCheck={false} placeholder="example.org" {...form.register("name")} />
      </FormField>
      <FormField label="Catchall separators" error={e.catchallSeparators?.message} description="Space-separated, e.g. + or + -: name+tag@ is delivered to name@. Empty: none.">
        <Input autoComplete="off" spellCheck={false} className="font-mono" {...form.register("catchallSeparators")} />
      </FormField>
      <CaseSensitiveField control={form.control} error={e.localpartCaseSensitive?.message} />
      <DialogActions onCancel={onDone} disabled={!form.formState.isDirty || add.isPending} submit="Add domain" />
    </form>
  );
}
