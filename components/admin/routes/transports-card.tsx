"use client";
// The transports: how mail leaves when a route picks one instead of direct delivery. Each can be tested,
// edited and removed; removing is refused while a route or a queued message still names it.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Pencil, Plus, Send, Trash2 } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SectionCard } from "../section-card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { ConfirmButton } from "../confirm-button";
import { plural } from "../format";
import { TransportForm } from "./transport-form";
import { transportTarget } from "@/server/queue/transport-target";
import { KIND_LABELS, type TransportView } from "./transport-kinds";
import { TransportTestButton } from "./transport-test-button";

// undefined: closed; null: adding; a transport: editing it.
type Editing = TransportView | null | undefined;

export function TransportsCard() {
  const trpc = useTRPC();
  const transports = useQuery(trpc.admin.transport.list.queryOptions());
  const [editing, setEditing] = useState<Editing>(undefined);
  const list = transports.data ?? [];
  const add = (
    <Button size="sm" onClick={() => setEditing(null)}>
      <Plus className="size-4" aria-hidden /> Add transport
    </Button>
  );
  return (
    <SectionCard
      title="Transports"
      description={<>Ways out other than direct delivery: a relay or provider, a SOCKS proxy, limits on IP families, or a fixed failure.</>}
      actions={list.length > 0 && add}
    >
        {transports.isSuccess && list.length === 0 && (
          <EmptyState icon={Send} title="No transports yet: mail goes out by direct delivery." description="Add one to relay through a provider, then add a route that uses it." action={add} />
        )}
        {list.length > 0 && (
          <Table aria-label="Transports">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Sends to</TableHead>
                <TableHead>Used by</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((t) => (
                <TransportRow key={t.id} transport={t} onEdit={() => setEditing(t)} />
              ))}
            </TableBody>
          </Table>
        )}
        {list.some((t) => t.routes > 0 || t.queued > 0) && (
          <p className="mt-3 text-[0.8125rem] text-muted-foreground">
            A transport in use cannot be removed: remove its routes, and change the transport of its queued messages on the queue page, first.
          </p>
        )}
      <Dialog open={editing !== undefined} onOpenChange={(open) => !open && setEditing(undefined)}>
        <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
          <DialogHeader>
            <DialogTitle>{editing ? `Transport ${editing.name}` : "Add a transport"}</DialogTitle>
            <DialogDescription>Routes pick a transport; so can an admin for queued messages on the queue page.</DialogDescription>
          </DialogHeader>
          {editing !== undefined && <TransportForm key={editing?.id ?? "new"} transport={editing ?? undefined} onDone={() => setEditing(undefined)} />}
        </DialogContent>
      </Dialog>
    </SectionCard>
  );
}

function usage(t: TransportView): string {
  const parts = [t.routes > 0 && plural(t.routes, "route"), t.queued > 0 && plural(t.queued, "queued message")].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

function TransportRow({ transport: t, onEdit }: { transport: TransportView; onEdit: () => void }) {
  const trpc = useTRPC();
  const remove = useMutation(
    trpc.admin.transport.remove.mutationOptions({
      onSuccess: () => toast.success(`Removed transport ${t.name}.`),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const inUse = t.routes > 0 || t.queued > 0;
  return (
    <TableRow>
      <TableCell className="font-medium">{t.name}</TableCell>
      <TableCell>
        <Badge variant="secondary">{KIND_LABELS[t.kind].label}</Badge>
      </TableCell>
      <TableCell className="font-mono text-xs">{transportTarget(t)}</TableCell>
      <TableCell className={inUse ? "" : "text-muted-foreground"}>{usage(t)}</TableCell>
      <TableCell>
        <div className="flex justify-end gap-2">
          <TransportTestButton name={t.name} />
          <Button size="sm" variant="outline" onClick={onEdit}>
            <Pencil className="size-4" aria-hidden /> Edit<span className="sr-only"> {t.name}</span>
          </Button>
          <ConfirmButton
            variant="outline"
            disabled={inUse}
            label={
              <>
                <Trash2 className="size-4" aria-hidden />
                <span className="sr-only">{inUse ? `Remove ${t.name} (in use: ${usage(t)})` : `Remove ${t.name}`}</span>
              </>
            }
            title={`Remove transport ${t.name}?`}
            description="Nothing uses it now: no route and no queued message. Its settings, including any stored password, are deleted."
            confirm="Remove transport"
            onConfirm={() => remove.mutate({ name: t.name })}
          />
        </div>
      </TableCell>
    </TableRow>
  );
}
