"use client";
// The addresses at a domain and the accounts they belong to: add one to an account, remove one. "@domain"
// alone is the catchall, which receives mail for every address of the domain no account has.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { AtSign, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SectionCard } from "../section-card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { addressAddSchema } from "@/server/trpc/admin/schemas";
import { ConfirmButton } from "../confirm-button";
import { showServerErrors } from "../server-errors";
import type { AppRouterOutputs } from "../types";
import { InlineActions } from "../form-actions";

type Domain = AppRouterOutputs["admin"]["domain"]["get"];
type Address = Domain["addresses"][number];

const shown = (a: Address, domain: Domain) => (a.catchall ? `@${domain.unicodeName}` : a.address);

export function DomainAddresses({ domain }: { domain: Domain }) {
  const trpc = useTRPC();
  const [adding, setAdding] = useState(false);
  const remove = useMutation(
    trpc.admin.address.remove.mutationOptions({
      onSuccess: (_r, v) => toast.success(`Removed ${v.address}.`),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const catchall = domain.addresses.find((a) => a.catchall);
  return (
    <SectionCard
      title="Addresses"
      description={<>{catchall
              ? `Mail for addresses nobody has goes to account ${catchall.account} (the catchall).`
              : `No catchall: mail for addresses nobody has at ${domain.unicodeName} is rejected.`}</>}
      actions={!adding && domain.addresses.length > 0 && (
          <Button size="sm" variant="outline" onClick={() => setAdding(true)}>
            <Plus aria-hidden /> Add address
          </Button>
        )}
    >
        {domain.addresses.length === 0 && !adding && (
          <EmptyState
            icon={AtSign}
            title="No addresses yet"
            description={`Give an account an address at ${domain.unicodeName}, or make one account the catchall with @${domain.unicodeName}.`}
            action={
              <Button size="sm" onClick={() => setAdding(true)}>
                <Plus aria-hidden /> Add address
              </Button>
            }
          />
        )}
        {domain.addresses.length > 0 && (
          <Table aria-label={`Addresses at ${domain.unicodeName}`}>
            <TableHeader>
              <TableRow>
                <TableHead>Address</TableHead>
                <TableHead>Account</TableHead>
                <TableHead className="w-12">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {domain.addresses.map((a) => (
                <TableRow key={a.localpart}>
                  <TableCell className="font-mono">
                    {shown(a, domain)}
                    {a.catchall && (
                      <Badge variant="secondary" className="ml-2 font-sans">
                        catchall
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>{a.account}</TableCell>
                  <TableCell className="text-right">
                    <ConfirmButton
                      variant="outline"
                      label={
                        <>
                          <Trash2 aria-hidden />
                          <span className="sr-only">Remove {shown(a, domain)}</span>
                        </>
                      }
                      title={`Remove ${shown(a, domain)}?`}
                      description={
                        a.catchall
                          ? `Account ${a.account} stops receiving mail for unknown addresses at ${domain.unicodeName}; such mail is rejected instead.`
                          : `Account ${a.account} stops receiving mail for ${a.address}; ${catchall ? `it goes to the catchall (${catchall.account})` : "it is rejected"}. Mail it already has stays.`
                      }
                      confirm="Remove address"
                      onConfirm={() => remove.mutate({ address: shown(a, domain) })}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {adding && <AddAddressForm domain={domain} onDone={() => setAdding(false)} />}
    </SectionCard>
  );
}

function AddAddressForm({ domain, onDone }: { domain: Domain; onDone: () => void }) {
  const trpc = useTRPC();
  const accounts = useQuery(trpc.admin.account.names.queryOptions());
  const form = useForm<z.input<typeof addressAddSchema>>({ resolver: zodResolver(addressAddSchema), defaultValues: { account: "", address: "" } });
  const add = useMutation(
    trpc.admin.address.add.mutationOptions({
      onSuccess: (_r, v) => {
        toast.success(`${v.address} now belongs to ${v.account}.`);
        onDone();
      },
      onError: (err) => showServerErrors(form, err),
    }),
  );
  const names = accounts.data ?? [];
  if (accounts.isSuccess && names.length === 0) {
    return (
      <EmptyState
        icon={AtSign}
        title="No accounts yet"
        description="An address belongs to an account. Create the account first; its first address can be at this domain."
        action={
          <Button asChild size="sm">
            <Link href="/admin/accounts">Go to accounts</Link>
          </Button>
        }
      />
    );
  }
  const e = form.formState.errors;
  return (
    <form
      onSubmit={form.handleSubmit((v) => add.mutate(v))}
      noValidate
      aria-label="New address"
      className="grid gap-3 rounded-md border p-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
    >
      <FormField label="Address" error={e.address?.message} description={`name@${domain.unicodeName}, or @${domain.unicodeName} for the catchall`} required>
        <Input autoFocus autoComplete="off" spellCheck={false} placeholder={`name@${domain.unicodeName}`} {...form.register("address")} />
      </FormField>
      <FormField label="Account" error={e.account?.message} required>
        <NativeSelect wrapperClassName="w-full" disabled={accounts.isPending} {...form.register("account")}>
          <NativeSelectOption value="">Choose an account…</NativeSelectOption>
          {names.map((n) => (
            <NativeSelectOption key={n} value={n}>
              {n}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </FormField>
      <InlineActions onCancel={onDone} disabled={!form.formState.isDirty || add.isPending} submit="Add" className="sm:pt-6" />
    </form>
  );
}
