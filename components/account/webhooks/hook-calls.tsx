"use client";
// The account's own webhook calls, live: those waiting for an attempt (soonest first) and the finished ones
// (latest first), each with its event, attempts, last code and response; details show every attempt and the
// body. A finished call can be replayed to today's webhook URL.
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { History, RotateCw, Webhook } from "lucide-react";
import { DataTable, type Column } from "@/components/admin/data-table";
import { hookEvent } from "@/components/admin/format";
import { HookDetails, type HookResult } from "@/components/admin/hook-columns";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import type { QueuedHook, RetiredHook } from "./types";

const PAGE_SIZE = 50;
type Hook = QueuedHook | RetiredHook;
type After = { lastId: string; last: string };

const resultsOf = (h: Hook) => (Array.isArray(h.results) ? (h.results as HookResult[]) : []);
const isRetired = (h: Hook): h is RetiredHook => "success" in h;

export function HookCalls() {
  return (
    <section aria-labelledby="hook-calls-title" className="space-y-3">
      <h2 id="hook-calls-title" className="text-lg font-semibold">
        Webhook calls
      </h2>
      <Tabs defaultValue="queued">
        <TabsList>
          <TabsTrigger value="queued">Queued</TabsTrigger>
          <TabsTrigger value="retired">Finished</TabsTrigger>
        </TabsList>
        <TabsContent value="queued">
          <HookList state="queued" />
        </TabsContent>
        <TabsContent value="retired">
          <HookList state="retired" />
        </TabsContent>
      </Tabs>
    </section>
  );
}

function HookList({ state }: { state: "queued" | "retired" }) {
  const client = useTRPCClient();
  const query = useInfiniteQuery({
    queryKey: ["account-webhook-calls", state],
    initialPageParam: undefined as After | undefined,
    queryFn: ({ pageParam }): Promise<Hook[]> => client.account.webhook[state].query({ ...pageParam, limit: PAGE_SIZE }),
    getNextPageParam: (page): After | undefined => {
      const last = page.at(-1);
      if (!last || page.length < PAGE_SIZE) return undefined;
      return { lastId: String(last.id), last: (isRetired(last) ? last.lastActivity : last.nextAttempt).toISOString() };
    },
  });
  const queued = state === "queued";
  return (
    <DataTable<Hook>
      label={queued ? "Queued webhook calls" : "Finished webhook calls"}
      columns={queued ? QUEUED_COLUMNS : RETIRED_COLUMNS}
      rows={query.data?.pages.flat() ?? []}
      loading={query.isPending}
      error={query.error ? errorMessage(query.error) : undefined}
      hasMore={query.hasNextPage}
      loadingMore={query.isFetchingNextPage}
      onLoadMore={() => void query.fetchNextPage()}
      empty={
        queued
          ? { icon: <Webhook className="size-8" aria-hidden />, title: "No webhook calls waiting", description: "Calls wait here only until your URL answers 200. Set a webhook URL above and send mail to see them." }
          : {
              icon: <History className="size-8" aria-hidden />,
              title: "No finished webhook calls",
              description: "Finished calls are kept only when your retention for retired webhooks is more than 0: set it on the Retention page.",
            }
      }
    />
  );
}

const common: Record<string, Column<Hook>> = {
  id: { key: "id", header: "ID", cell: (h) => <span className="font-mono">{String(h.id)}</span> },
  event: { key: "event", header: "Event", cell: (h) => <Badge variant="outline">{hookEvent(h)}</Badge> },
  attempts: { key: "attempts", header: "Attempts", cell: (h) => h.attempts, className: "text-right" },
  code: { key: "code", header: "Last code", cell: (h) => <LastCode results={resultsOf(h)} /> },
  response: { key: "response", header: "Response", cell: (h) => <LastResponse results={resultsOf(h)} /> },
  details: {
    key: "details",
    header: "Details",
    cell: (h) => (
      <HookDetails
        hook={h}
        noun="webhook call"
        facts={[
          ["Submitted", <RelativeTime key="s" date={h.submitted} />],
          ["Queue message", <span key="q" className="font-mono">{h.queueMsgId ? String(h.queueMsgId) : "—"}</span>],
        ]}
      />
    ),
  },
};

const QUEUED_COLUMNS: Column<Hook>[] = [
  common.id!,
  common.event!,
  common.attempts!,
  common.code!,
  common.response!,
  { key: "next", header: "Next attempt", cell: (h) => <RelativeTime date={isRetired(h) ? null : h.nextAttempt} /> },
  common.details!,
];

const RETIRED_COLUMNS: Column<Hook>[] = [
  common.id!,
  common.event!,
  { key: "result", header: "Result", cell: (h) => (isRetired(h) && h.success ? <Badge variant="success">delivered</Badge> : <Badge variant="destructive">failed</Badge>) },
  common.attempts!,
  common.code!,
  common.response!,
  { key: "last", header: "Last activity", cell: (h) => <RelativeTime date={isRetired(h) ? h.lastActivity : null} /> },
  common.details!,
  { key: "replay", header: "Replay", cell: (h) => <ReplayButton id={h.id} /> },
];

function LastCode({ results }: { results: HookResult[] }) {
  const last = results.at(-1);
  if (!last) return <span className="text-muted-foreground">not attempted</span>;
  return last.Success ? <Badge variant="success">{last.Code}</Badge> : <Badge variant="destructive">{last.Code || "error"}</Badge>;
}

function LastResponse({ results }: { results: HookResult[] }) {
  const last = results.at(-1);
  const text = last ? last.Error || last.Response : "";
  if (!text) return <span className="text-muted-foreground">—</span>;
  return (
    <span className={`block max-w-64 truncate ${last?.Success ? "" : "text-destructive"}`} title={text}>
      {text}
    </span>
  );
}

function ReplayButton({ id }: { id: bigint }) {
  const trpc = useTRPC();
  const replay = useMutation(
    trpc.account.webhook.replay.mutationOptions({
      onError: (err) => toast.error(errorMessage(err)),
      onSuccess: () => toast.success(`Webhook call ${id} queued again.`),
    }),
  );
  return (
    <Button size="sm" variant="outline" disabled={replay.isPending} onClick={() => replay.mutate({ ids: [String(id)] })}>
      <RotateCw aria-hidden /> Replay<span className="sr-only"> webhook call {String(id)}</span>
    </Button>
  );
}

