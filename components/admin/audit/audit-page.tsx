"use client";
// /admin/audit: every configuration change, from the admin and account pages, the CLI and the webapi's
// suppression methods: who, when, what, and the record before and after (secrets masked when stored).
import { History } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Sheet, SheetBody, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { useTRPCClient } from "@/components/trpc/client";
import { DataTable, type Column } from "../data-table";
import { FilterBar } from "../filter-bar";
import type { AppRouterOutputs } from "../types";
import { useCursorList } from "../use-cursor-list";
import type { FilterField, SortOption } from "../use-list-state";
import { changedFields, formatValue } from "./changes";

type Entry = AppRouterOutputs["admin"]["audit"]["list"]["rows"][number];
type Surface = "admin" | "account" | "cli" | "webapi";
type Filter = { action?: string; actor?: string; target?: string; surface?: Surface };

const SORTS: SortOption[] = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
];

const FIELDS: FilterField[] = [
  { key: "action", label: "Action", kind: "text", placeholder: "domain, suppression.add" },
  { key: "target", label: "Target", kind: "text", placeholder: "example.org" },
  { key: "actor", label: "Who", kind: "text", placeholder: "admin, user@example.org" },
  {
    key: "surface",
    label: "Through",
    kind: "select",
    options: [
      { value: "", label: "Anywhere" },
      { value: "admin", label: "Admin pages" },
      { value: "account", label: "Account pages" },
      { value: "cli", label: "CLI" },
      { value: "webapi", label: "Webapi" },
    ],
  },
];

const SURFACE_LABEL: Record<string, string> = { admin: "admin pages", account: "account pages", cli: "CLI", webapi: "webapi" };

function toFilter(v: Record<string, string>): Filter {
  return {
    ...(v.action ? { action: v.action } : {}),
    ...(v.target ? { target: v.target } : {}),
    ...(v.actor ? { actor: v.actor } : {}),
    ...(v.surface ? { surface: v.surface as Surface } : {}),
  };
}

export function AuditPage() {
  const client = useTRPCClient();
  const [open, setOpen] = useState<Entry | null>(null);
  const list = useCursorList({
    key: "audit",
    fields: FIELDS,
    sorts: SORTS,
    toFilter,
    fetchPage: (filter, sort, cursor: string | undefined) => client.admin.audit.list.query({ filter, sort: sort as "newest" | "oldest", cursor: cursor ? BigInt(cursor) : undefined, limit: 50 }),
  });
  const columns: Column<Entry>[] = [
    { key: "at", header: "When", cell: (e) => <RelativeTime date={e.at} /> },
    {
      key: "who",
      header: "Who",
      cell: (e) => (
        <span className="flex items-center gap-2">
          <span className="font-medium">{e.actor}</span>
          <Badge variant="outline">{SURFACE_LABEL[e.surface] ?? e.surface}</Badge>
        </span>
      ),
    },
    { key: "action", header: "Action", cell: (e) => <code className="text-xs">{e.action}</code> },
    { key: "target", header: "Target", cell: (e) => <span className="block max-w-56 truncate" title={e.target}>{e.target}</span> },
    { key: "changes", header: "Change", className: "whitespace-normal min-w-64", cell: (e) => <ChangeSummary entry={e} /> },
    {
      key: "details",
      header: "",
      className: "text-right",
      cell: (e) => (
        <Button size="sm" variant="ghost" onClick={() => setOpen(e)} aria-label={`Details of ${e.action} ${e.target}`}>
          Details
        </Button>
      ),
    },
  ];
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" description="Every configuration change with who made it, when, through which surface, and what it was before and after. Secrets are never stored, only that they were set." />
      <FilterBar {...list.filterBar} />
      <DataTable
        label="Audit log"
        columns={columns}
        {...list.table}
        empty={{
          icon: <History />,
          title: list.filtered ? "No changes match the filter" : "No configuration changes yet",
          description: list.filtered ? "Change or reset the filter." : "Changes to domains, accounts, DKIM keys, routes, transports, hold rules and suppressions appear here as they are made.",
        }}
      />
      <Sheet open={open !== null} onOpenChange={(o) => !o && setOpen(null)}>
        <SheetContent>
          {open && (
            <>
              <SheetHeader>
                <SheetTitle>
                  {open.action} · {open.target}
                </SheetTitle>
                <SheetDescription>
                  By {open.actor} through the {SURFACE_LABEL[open.surface] ?? open.surface}
                  {open.ip ? ` from ${open.ip}` : ""}, <RelativeTime date={open.at} />.
                </SheetDescription>
              </SheetHeader>
              <SheetBody className="space-y-4">
                <Snapshot title="Before" value={open.before} />
                <Snapshot title="After" value={open.after} />
              </SheetBody>
            </>
          )}
        </SheetContent>
      </Sheet>
    </div>
  );
}

function ChangeSummary({ entry }: { entry: Entry }) {
  if (entry.before == null) return <span className="text-muted-foreground">created</span>;
  if (entry.after == null) return <span className="text-muted-foreground">removed</span>;
  const changes = changedFields(entry.before, entry.after);
  if (changes.length === 0) return <span className="text-muted-foreground">no visible change</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {changes.slice(0, 3).map((c) => (
        <li key={c.field}>
          <span className="font-medium">{c.field}</span>: <span className="text-muted-foreground line-through">{formatValue(c.before)}</span> → {formatValue(c.after)}
        </li>
      ))}
      {changes.length > 3 && <li className="text-muted-foreground">and {changes.length - 3} more</li>}
    </ul>
  );
}

function Snapshot({ title, value }: { title: string; value: unknown }) {
  return (
    <section>
      <h3 className="mb-1 text-sm font-medium">{title}</h3>
      {value == null ? (
        <p className="text-sm text-muted-foreground">{title === "Before" ? "(did not exist)" : "(removed)"}</p>
      ) : (
        <pre className="max-h-80 overflow-auto rounded-md bg-muted p-3 text-xs">{JSON.stringify(value, null, 2)}</pre>
      )}
    </section>
  );
}
