"use client";
// The columns of the webhook lists and the details of one webhook: every attempt with its response, and the
// JSON that was POSTed.
import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import type { Column } from "./data-table";
import { hookEvent } from "./format";

export const HOOK_EVENT_OPTIONS = [
  { value: "", label: "Any" },
  { value: "incoming", label: "incoming" },
  ...["delivered", "suppressed", "delayed", "failed", "relayed", "expanded", "canceled", "unrecognized"].map((e) => ({ value: e, label: e })),
];

export type HookResult = { Start: string; Duration: number; URL: string; Success: boolean; Code: number; Error: string; Response: string };

type HookRow = {
  id: bigint;
  queueMsgId: bigint;
  fromId: string;
  messageId: string;
  subject: string;
  account: string;
  url: string;
  isIncoming: boolean;
  outgoingEvent: string;
  payload: string;
  submitted: Date;
  attempts: number;
  results: unknown;
  nextAttempt?: Date;
  success?: boolean;
  lastActivity?: Date;
};

const resultsOf = (h: { results: unknown }) => (Array.isArray(h.results) ? (h.results as HookResult[]) : []);

export function hookColumns<T extends HookRow>(kind: "queued" | "retired"): Column<T>[] {
  const cols: (Column<T> | false)[] = [
    { key: "id", header: "ID", cell: (h) => <span className="font-mono">{String(h.id)}</span> },
    kind === "retired" && {
      key: "success",
      header: "Result",
      cell: (h) => (h.success ? <Badge variant="success">delivered</Badge> : <Badge variant="destructive">failed</Badge>),
    },
    kind === "retired" && { key: "lastActivity", header: "Last activity", cell: (h) => <RelativeTime date={h.lastActivity ?? null} /> },
    { key: "submitted", header: "Submitted", cell: (h) => <RelativeTime date={h.submitted} /> },
    {
      key: "queueMsgId",
      header: "Message",
      cell: (h) =>
        h.queueMsgId ? (
          <Link className="font-mono text-primary hover:underline" href={`/admin/messages/${h.queueMsgId}`}>
            {String(h.queueMsgId)}
          </Link>
        ) : (
          "—"
        ),
    },
    { key: "account", header: "Account", cell: (h) => h.account },
    { key: "event", header: "Event", cell: (h) => <Badge variant="outline">{hookEvent(h)}</Badge> },
    { key: "attempts", header: "Attempts", cell: (h) => h.attempts, className: "text-right" },
    kind === "queued" && { key: "next", header: "Next attempt", cell: (h) => <RelativeTime date={h.nextAttempt ?? null} /> },
    { key: "error", header: "Last result", cell: (h) => <LastResult results={resultsOf(h)} /> },
    { key: "url", header: "URL", cell: (h) => <span className="block max-w-56 truncate" title={h.url}>{h.url}</span> },
    { key: "details", header: "Details", cell: (h) => <HookDetails hook={h} facts={[["Account", h.account], ["FromID", <span key="f" className="font-mono">{h.fromId || "—"}</span>]]} /> },
  ];
  return cols.filter((c): c is Column<T> => c !== false);
}

function LastResult({ results }: { results: HookResult[] }) {
  const last = results.at(-1);
  if (!last) return <span className="text-muted-foreground">not attempted</span>;
  if (last.Success) return <span>{last.Code} OK</span>;
  const text = last.Error || (last.Code ? `HTTP ${last.Code}` : "failed");
  return <span className="block max-w-64 truncate text-destructive" title={text}>{text}</span>;
}

export function HookResults({ results }: { results: HookResult[] }) {
  if (results.length === 0) return <p className="text-sm text-muted-foreground">No attempts yet.</p>;
  return (
    <ol className="space-y-2">
      {results.map((r, i) => (
        <li key={i} className="rounded-md border p-2 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            {r.Success ? <Badge variant="success">{r.Code}</Badge> : <Badge variant="destructive">{r.Code || "error"}</Badge>}
            <RelativeTime date={r.Start} />
            <span className="text-muted-foreground">{Math.round(r.Duration / 1e6)} ms</span>
          </div>
          {r.Error && <p className="mt-1 break-words text-destructive">{r.Error}</p>}
          {r.Response && <pre className="mt-1 max-h-32 overflow-auto rounded bg-muted p-2 text-xs whitespace-pre-wrap">{r.Response}</pre>}
        </li>
      ))}
    </ol>
  );
}

function prettyJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}

type DetailsHook = Pick<HookRow, "id" | "isIncoming" | "outgoingEvent" | "subject" | "url" | "messageId" | "payload" | "results"> & { attempts?: number };

// One webhook call in a side sheet: the facts the area shows, each attempt, and the request body. The admin's
// lists and an account's own use it; `noun` names the call as that area does.
export function HookDetails({ hook, facts, noun = "webhook" }: { hook: DetailsHook; facts: [string, ReactNode][]; noun?: string }) {
  return (
    <Sheet>
      <SheetTrigger asChild>
        <Button size="sm" variant="ghost">
          Details<span className="sr-only"> of {noun} {String(hook.id)}</span>
        </Button>
      </SheetTrigger>
      <SheetContent className="w-full overflow-y-auto sm:max-w-xl">
        <SheetHeader>
          <SheetTitle>
            {noun[0]!.toUpperCase() + noun.slice(1)} {String(hook.id)}: {hookEvent(hook)}
          </SheetTitle>
          <SheetDescription>
            {hook.subject ? `“${hook.subject}”, ` : ""}to {hook.url}
          </SheetDescription>
        </SheetHeader>
        <div className="space-y-4 px-4 pb-6">
          <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
            {facts.map(([label, value]) => (
              <Fragment key={label}>
                <dt className="text-muted-foreground">{label}</dt>
                <dd className="min-w-0 break-all">{value}</dd>
              </Fragment>
            ))}
            <dt className="text-muted-foreground">Message-ID</dt>
            <dd className="break-all">{hook.messageId || "—"}</dd>
          </dl>
          <section>
            <h3 className="mb-2 text-sm font-semibold">Attempts</h3>
            <HookResults results={resultsOf(hook)} />
          </section>
          <section>
            <div className="mb-2 flex items-center justify-between">
              <h3 className="text-sm font-semibold">Request body</h3>
              <CopyButton value={hook.payload} label="Copy request body" />
            </div>
            <pre className="max-h-96 overflow-auto rounded-md bg-muted p-3 text-xs">{prettyJson(hook.payload)}</pre>
          </section>
        </div>
      </SheetContent>
    </Sheet>
  );
}
