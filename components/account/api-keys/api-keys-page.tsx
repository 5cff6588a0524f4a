"use client";
// /account/api-keys: keys for the webapi besides the password, one per application with only what it needs.
// The list never holds a secret: a new key is shown once, right after it is made.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { ConfirmButton } from "@/components/admin/confirm-button";
import { DataTable, type Column } from "@/components/admin/data-table";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { CreateKeyDialog } from "./create-key-dialog";
import { NewKeyNotice } from "./new-key-notice";
import type { ApiKeyList, ApiKeyRow, NewApiKey } from "./types";

export function ApiKeysPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.account.apiKey.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<NewApiKey | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.account.apiKey.list.queryFilter());
  const revoke = useMutation(
    trpc.account.apiKey.revoke.mutationOptions({
      onSuccess: async ({ name }) => {
        toast.success(`API key ${name} revoked: calls with it are refused from within 5 seconds.`);
        if (made && made.key.name === name) setMade(null);
        await refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const createButton = (
    <Button size="sm" onClick={() => setCreating(true)}>
      <Plus className="size-4" aria-hidden /> Create API key
    </Button>
  );
  return (
    <div className="space-y-4">
      <PageHeader
        title="API keys"
        description="Give each application its own key for the webapi, with only what it needs, instead of your password. A key is the basic-auth password with any of your addresses as the user name."
        actions={createButton}
      />
      {made && <NewKeyNotice made={made} onDone={() => setMade(null)} />}
      <DataTable
        label="API keys"
        columns={columns(unicodeNames(query.data?.domains ?? []), revoke.isPending, (k) => revoke.mutate({ id: k.id }))}
        rows={query.data?.keys ?? []}
        loading={query.isPending}
        error={query.error ? errorMessage(query.error) : undefined}
        empty={{
          icon: <KeyRound />,
          title: "No API keys yet",
          description:
            "Your applications log in to the webapi with your password until you make a key. A key can be limited to sending or to your suppression list, and to some of your domains, and revoked without changing your password.",
          action: createButton,
        }}
      />
      <CreateKeyDialog
        open={creating}
        onOpenChange={setCreating}
        domains={query.data?.domains ?? []}
        onCreated={async (result) => {
          setMade(result);
          await refresh();
        }}
      />
    </div>
  );
}

// Below lg the key's details stack under its name, so name, last use and Revoke fit a phone without scrolling.
const WIDE = "hidden lg:table-cell";

// Keys keep domains by their ASCII names; people read them as the account's domains are written.
const unicodeNames = (domains: ApiKeyList["domains"]) => new Map(domains.map((d) => [d.name, d.unicodeName]));

function columns(names: Map<string, string>, revoking: boolean, onRevoke: (k: ApiKeyRow) => void): Column<ApiKeyRow>[] {
  const domains = (k: ApiKeyRow) => <Domains domains={k.domains.map((d) => names.get(d) ?? d)} />;
  return [
    {
      key: "name",
      header: "Name",
      className: "whitespace-normal",
      cell: (k) => (
        <div className="grid gap-1">
          <span className="font-medium break-words">{k.name}</span>
          <div className="grid gap-1 lg:hidden">
            <Prefix prefix={k.prefix} />
            <Scopes scopes={k.scopes} />
            {domains(k)}
          </div>
        </div>
      ),
    },
    { key: "prefix", header: "Key", className: WIDE, cell: (k) => <Prefix prefix={k.prefix} /> },
    { key: "scopes", header: "Scopes", className: WIDE, cell: (k) => <Scopes scopes={k.scopes} /> },
    { key: "domains", header: "From domains", className: WIDE, cell: domains },
    { key: "created", header: "Created", className: WIDE, cell: (k) => <RelativeTime date={k.createdAt} /> },
    { key: "used", header: "Last used", cell: (k) => <RelativeTime date={k.lastUsedAt} fallback="never" /> },
    {
      key: "actions",
      header: "",
      className: "text-right",
      cell: (k) => (
        <ConfirmButton
          label={
            <>
              Revoke<span className="sr-only"> {k.name}</span>
            </>
          }
          title={`Revoke the API key ${k.name}?`}
          description={`Every call with ${k.name} (mrk_${k.prefix}_…) is refused from within 5 seconds, on every server. This cannot be undone: to let an application in again, create a new key and give it that one.`}
          confirm="Revoke key"
          disabled={revoking}
          onConfirm={() => onRevoke(k)}
        />
      ),
    },
  ];
}

const Prefix = ({ prefix }: { prefix: string }) => <code className="font-mono text-xs">{`mrk_${prefix}_…`}</code>;

function Scopes({ scopes }: { scopes: string[] }) {
  return (
    <div className="flex flex-wrap gap-1">
      {scopes.map((s) => (
        <Badge key={s} variant="secondary">
          {s}
        </Badge>
      ))}
    </div>
  );
}

function Domains({ domains }: { domains: string[] }) {
  return domains.length ? <span>{domains.join(", ")}</span> : <span className="text-muted-foreground">any of your domains</span>;
}
