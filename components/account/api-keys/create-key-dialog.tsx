"use client";
// Making a key: a name, its scopes (each saying which webapi methods it opens) and optionally the From domains
// it may send from. Checked with the procedure's own schema; the server's refusals land on their field.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { Controller, useForm, type Resolver } from "react-hook-form";
import { DialogActions } from "@/components/admin/form-actions";
import { showServerErrors } from "@/components/admin/server-errors";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPCClient } from "@/components/trpc/client";
import { apiKeyCreateSchema, type ApiKeyCreateInput } from "@/server/api-key/schemas";
import { API_KEY_SCOPES, SCOPE_DESCRIPTIONS } from "@/server/api-key/scopes";
import type { ApiKeyList, NewApiKey } from "./types";

type Values = ApiKeyCreateInput;
const DEFAULTS: Values = { name: "", scopes: ["send"], domains: [] };

export function CreateKeyDialog(props: { open: boolean; onOpenChange: (open: boolean) => void; domains: ApiKeyList["domains"]; onCreated: (made: NewApiKey) => Promise<void> }) {
  const client = useTRPCClient();
  // After a create, focus goes to the new key's notice rather than back to the button that opened the dialog.
  const created = useRef(false);
  const form = useForm<Values>({ resolver: zodResolver(apiKeyCreateSchema) as unknown as Resolver<Values>, defaultValues: DEFAULTS });
  const create = useMutation({
    mutationFn: (v: Values) => client.account.apiKey.create.mutate(v),
    onSuccess: async (made) => {
      created.current = true;
      form.reset(DEFAULTS);
      props.onOpenChange(false);
      await props.onCreated(made);
    },
    onError: (err) => showServerErrors(form, err),
  });
  const e = form.formState.errors;
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent
        onCloseAutoFocus={(e) => {
          if (created.current) e.preventDefault();
          created.current = false;
        }}
      >
        <DialogHeader>
          <DialogTitle>Create an API key</DialogTitle>
          <DialogDescription>The key is shown once, right after it is made. Give it only the scopes the application needs.</DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
          <FormField label="Name" htmlFor="api-key-name" error={e.name?.message} description="Who uses it, e.g. billing app or staging server">
            <Input id="api-key-name" autoComplete="off" {...form.register("name")} />
          </FormField>
          <Controller
            control={form.control}
            name="scopes"
            render={({ field }) => (
              <CheckboxGroup
                legend="Scopes"
                help="The webapi methods the key may call. Others answer 401."
                idPrefix="scope"
                options={API_KEY_SCOPES.map((s) => ({ value: s, label: s, description: SCOPE_DESCRIPTIONS[s] }))}
                selected={field.value}
                onChange={field.onChange}
                error={e.scopes?.message ?? e.scopes?.[0]?.message}
              />
            )}
          />
          {props.domains.length > 1 && (
            <Controller
              control={form.control}
              name="domains"
              render={({ field }) => (
                <CheckboxGroup
                  legend="From domains"
                  help={field.value.length ? "A Send whose From is on another domain is refused." : "None ticked: the key may send from any of your domains."}
                  idPrefix="domain"
                  options={props.domains.map((d) => ({ value: d.name, label: d.unicodeName }))}
                  selected={field.value}
                  onChange={field.onChange}
                  error={e.domains?.message ?? e.domains?.[0]?.message}
                />
              )}
            />
          )}
          <DialogActions onCancel={() => props.onOpenChange(false)} disabled={create.isPending} submit="Create key" />
        </form>
      </DialogContent>
    </Dialog>
  );
}
