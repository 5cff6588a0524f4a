"use client";
// The routes, in the order delivery tries them: the sender account's, then the sender domain's, then the
// global ones; the first that matches picks the transport, and none means direct delivery. Each list keeps
// its positions 1, 2, 3...; routes move up, down or to a position within their list.
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, Route, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SectionCard } from "../section-card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect, NativeSelectOption } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { ConfirmButton } from "../confirm-button";
import type { AppRouterOutputs } from "../types";
import { RouteForm } from "./route-form";

type Group = AppRouterOutputs["admin"]["route"]["list"][number];
type RouteView = Group["routes"][number];

const SCOPE_TITLES: Record<Group["scope"]["kind"], string> = { account: "Account", domain: "Sender domain", global: "Global" };
const domains = (list: string[]) => (list.length > 0 ? list.join(", ") : "any");

export function RoutesCard() {
  const trpc = useTRPC();
  const routes = useQuery(trpc.admin.route.list.queryOptions());
  const transports = useQuery(trpc.admin.transport.names.queryOptions());
  const [adding, setAdding] = useState(false);
  const groups = routes.data ?? [];
  const noTransports = transports.isSuccess && transports.data.length === 0;
  const add = (
    <Button size="sm" onClick={() => setAdding(true)} disabled={noTransports}>
      <Plus className="size-4" aria-hidden /> Add route
    </Button>
  );
  return (
    <SectionCard
      title="Routes"
      description={<>Each attempt tries the sender account&apos;s routes, then the sender domain&apos;s, then the global ones; the first that matches picks the transport. No match: direct delivery. A transport set on a queued message overrides routes.</>}
      actions={groups.length > 0 && add}
      contentClassName="grid gap-6"
    >
        {routes.isSuccess && groups.length === 0 && (
          <EmptyState
            icon={Route}
            title="No routes: every message goes by direct delivery."
            description={noTransports ? "Add a transport first, then a route that sends some or all mail over it." : "Add a route to send some or all mail over a transport."}
            action={add}
          />
        )}
        {groups.map((g) => (
          <RouteGroupTable key={g.scope.key} group={g} />
        ))}
      <Dialog open={adding} onOpenChange={setAdding}>
        <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
          <DialogHeader>
            <DialogTitle>Add a route</DialogTitle>
            <DialogDescription>It goes last in its list; move it up afterwards if it should be tried earlier.</DialogDescription>
          </DialogHeader>
          {adding && <RouteForm onDone={() => setAdding(false)} />}
        </DialogContent>
      </Dialog>
    </SectionCard>
  );
}

function RouteGroupTable({ group }: { group: Group }) {
  const title = `${SCOPE_TITLES[group.scope.kind]} ${group.scope.name}`.trim();
  return (
    <section aria-label={`${title} routes`} className="grid gap-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      <Table aria-label={`${title} routes`}>
        <TableHeader>
          <TableRow>
            <TableHead className="w-24">Position</TableHead>
            <TableHead>From domains</TableHead>
            <TableHead>To domains</TableHead>
            <TableHead>Min. attempts</TableHead>
            <TableHead>Transport</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {group.routes.map((r) => (
            <RouteRow key={r.id} route={r} count={group.routes.length} scope={title} />
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

function RouteRow({ route: r, count, scope }: { route: RouteView; count: number; scope: string }) {
  const trpc = useTRPC();
  const onError = (err: unknown) => toast.error(errorMessage(err));
  const move = useMutation(trpc.admin.route.move.mutationOptions({ onSuccess: (m) => toast.success(`Route moved to position ${m.position}.`), onError }));
  const remove = useMutation(trpc.admin.route.remove.mutationOptions({ onSuccess: () => toast.success("Route removed; the routes after it moved up."), onError }));
  const to = (position: number) => move.mutate({ id: r.id, position });
  const label = `route ${r.position} of ${scope}`;
  return (
    <TableRow>
      <TableCell>
        <NativeSelect size="sm" aria-label={`Position of ${label}`} value={r.position} onChange={(e) => to(Number(e.target.value))} disabled={count < 2 || move.isPending}>
          {Array.from({ length: count }, (_, i) => (
            <NativeSelectOption key={i} value={i + 1}>
              {i + 1}
            </NativeSelectOption>
          ))}
        </NativeSelect>
      </TableCell>
      <TableCell className="font-mono text-xs">{domains(r.fromDomains)}</TableCell>
      <TableCell className="font-mono text-xs">{domains(r.toDomains)}</TableCell>
      <TableCell>{r.minimumAttempts === 0 ? "—" : r.minimumAttempts}</TableCell>
      <TableCell className="font-medium">{r.transport}</TableCell>
      <TableCell>
        <div className="flex justify-end gap-1">
          <Button size="icon" className="size-7" variant="ghost" aria-label={`Move ${label} up`} disabled={r.position === 1 || move.isPending} onClick={() => to(r.position - 1)}>
            <ArrowUp aria-hidden />
          </Button>
          <Button size="icon" className="size-7" variant="ghost" aria-label={`Move ${label} down`} disabled={r.position === count || move.isPending} onClick={() => to(r.position + 1)}>
            <ArrowDown aria-hidden />
          </Button>
          <ConfirmButton
            variant="outline"
            label={
              <>
                <Trash2 className="size-4" aria-hidden />
                <span className="sr-only">Remove {label}</span>
              </>
            }
            title={`Remove ${label}?`}
            description={`Messages it would route (to ${domains(r.toDomains)}, over ${r.transport}) fall through to the next matching route, or to direct delivery, from their next attempt. The routes after it move up.`}
            confirm="Remove route"
            onConfirm={() => remove.mutate({ id: r.id })}
          />
        </div>
      </TableCell>
    </TableRow>
  );
}
