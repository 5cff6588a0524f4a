"use client";
// /admin/messages/[id]: one message's trail: submission, each attempt, retirement, each webhook with each
// HTTP attempt, and the suppression its recipient is under.
import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Clock, Send, ShieldAlert, Webhook, XCircle } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { formatBytes } from "@/components/ui/format-bytes";
import { useTRPC } from "@/components/trpc/client";
import { recipientOf, senderOf } from "./format";
import { HookResults, type HookResult } from "./hook-columns";
import type { AppRouterOutputs } from "./types";

type Trail = AppRouterOutputs["admin"]["message"]["trail"];
type TrailEvent = Trail["events"][number];

export function MessageTrailPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const valid = /^\d+$/.test(id);
  // The id goes as a string: query keys are hashed as JSON, which has no bigint.
  const trail = useQuery(trpc.admin.message.trail.queryOptions({ id }, { enabled: valid }));
  if (!valid || trail.error) {
    return (
      <div className="space-y-4">
        <PageHeader title={`Message ${id}`} />
        <p role="alert" className="rounded-lg border p-4 text-sm">
          {valid ? trail.error?.message : "Message ids are numbers."}{" "}
          <Link className="text-primary underline" href="/admin/queue/retired">
            Search retired messages
          </Link>
        </p>
      </div>
    );
  }
  if (!trail.data) return <Skeleton className="h-64 w-full" />;
  const { message: m, events, state, suppression } = trail.data;
  const status =
    state === "queued" ? (
      m.hold ? <Badge variant="warning">held</Badge> : <Badge variant="secondary">queued</Badge>
    ) : "success" in m && m.success ? (
      <Badge variant="success">delivered</Badge>
    ) : (
      <Badge variant="destructive">failed</Badge>
    );
  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            Message {String(m.id)} {status}
          </span>
        }
        description={m.subject ? `“${m.subject}”` : "(no subject)"}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_1fr]">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Envelope</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm">
              <Fact label="Account">{m.senderAccount}</Fact>
              <Fact label="From">{senderOf(m)}</Fact>
              <Fact label="To">{recipientOf(m)}</Fact>
              <Fact label="Message-ID">
                <span className="break-all">{m.messageIdHeader || "—"}</span>
                {m.messageIdHeader && <CopyButton value={m.messageIdHeader} />}
              </Fact>
              <Fact label="FromID">{m.fromId || "—"}</Fact>
              <Fact label="Size">{formatBytes(Number(m.size))}</Fact>
              <Fact label="Attempts">{m.attempts}</Fact>
              <Fact label="Transport">{m.transport || "default routing"}</Fact>
            </dl>
            {suppression && (
              <p className="mt-4 flex gap-2 rounded-md border border-warning/50 bg-warning/10 p-2 text-sm">
                <ShieldAlert className="size-4 shrink-0" aria-hidden />
                {suppression.baseAddress} is on {m.senderAccount}’s suppression list{suppression.reason ? `: ${suppression.reason}` : ""}
                {suppression.queueMsgId === m.id ? `, added by this message${suppression.attempt > 0 ? ` at attempt ${suppression.attempt}` : ""}` : ""}.
              </p>
            )}
          </CardContent>
        </Card>
        <section aria-labelledby="trail-heading">
          <h2 id="trail-heading" className="mb-3 text-lg font-semibold">
            Trail
          </h2>
          <ol className="relative space-y-4 border-l pl-6">
            {events.map((e, i) => (
              <TrailItem key={i} event={e} />
            ))}
            {state === "queued" && (
              <li className="relative">
                <Dot>
                  <Clock className="size-3.5" aria-hidden />
                </Dot>
                <p className="text-sm text-muted-foreground">
                  {m.hold ? "On hold until released." : <>Next attempt <RelativeTime date={"nextAttempt" in m ? m.nextAttempt : null} /></>}
                </p>
              </li>
            )}
          </ol>
        </section>
      </div>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="flex min-w-0 items-start gap-1">{children}</dd>
    </>
  );
}

function Dot({ children, tone }: { children: ReactNode; tone?: "ok" | "bad" }) {
  const color = tone === "ok" ? "bg-success text-success-foreground" : tone === "bad" ? "bg-destructive text-white" : "bg-muted text-foreground";
  return <span className={`absolute -left-[2.15rem] flex size-6 items-center justify-center rounded-full border ${color}`}>{children}</span>;
}

function TrailItem({ event: e }: { event: TrailEvent }) {
  switch (e.kind) {
    case "submitted":
      return (
        <li className="relative">
          <Dot>
            <Send className="size-3.5" aria-hidden />
          </Dot>
          <p className="text-sm font-medium">Submitted</p>
          <RelativeTime date={e.at} />
        </li>
      );
    case "attempt":
      return (
        <li className="relative">
          <Dot tone={e.result.Success ? "ok" : "bad"}>{e.result.Success ? <CheckCircle2 className="size-3.5" aria-hidden /> : <XCircle className="size-3.5" aria-hidden />}</Dot>
          <p className="text-sm font-medium">
            Delivery attempt {e.result.Success ? "succeeded" : "failed"}
            {e.result.Code ? ` (${e.result.Code}${e.result.Secode ? ` ${e.result.Secode}` : ""})` : ""}
          </p>
          <RelativeTime date={e.at} />
          {e.result.Error && <p className="mt-1 text-sm break-words text-muted-foreground">{e.result.Error}</p>}
        </li>
      );
    case "retired":
      return (
        <li className="relative">
          <Dot tone={e.success ? "ok" : "bad"}>{e.success ? <CheckCircle2 className="size-3.5" aria-hidden /> : <XCircle className="size-3.5" aria-hidden />}</Dot>
          <p className="text-sm font-medium">Left the queue: {e.success ? "delivered" : "failed"}</p>
          <RelativeTime date={e.at} />
        </li>
      );
    case "webhook":
      return (
        <li className="relative">
          <Dot tone={e.hook.success === null ? undefined : e.hook.success ? "ok" : "bad"}>
            <Webhook className="size-3.5" aria-hidden />
          </Dot>
          <p className="text-sm font-medium">
            Webhook “{e.hook.event}” {e.hook.success === null ? "queued" : e.hook.success ? "delivered" : "failed"}
            <span className="ml-2 font-mono text-xs text-muted-foreground">#{String(e.hook.id)}</span>
          </p>
          <RelativeTime date={e.at} />
          <p className="mb-2 truncate text-xs text-muted-foreground">{e.hook.url}</p>
          <HookResults results={e.hook.results as HookResult[]} />
        </li>
      );
  }
}
