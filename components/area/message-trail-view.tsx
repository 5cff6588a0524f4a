"use client";
// One message on one timeline, for admins (/admin/messages/[id]) and for its sender (/account/messages/[id]):
// submission, each delivery attempt, leaving the queue, each webhook event with each HTTP attempt, and the
// suppression its recipient is under. The area's page fetches the trail; this draws it.
import { CheckCircle2, Clock, Send, ShieldAlert, Webhook, XCircle, type LucideIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { formatBytes } from "@/components/ui/format-bytes";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { recipientOf, senderOf } from "@/components/admin/format";
import { HookResults, type HookResult } from "@/components/admin/hook-columns";
import type { AppRouterOutputs } from "@/components/admin/types";
import { lastResultError, MessageState } from "./message-state";

type Trail = AppRouterOutputs["account"]["message"]["trail"];
type TrailEvent = Trail["events"][number];

// Where an area's links go: its message list and its suppression list.
const LINKS = {
  admin: { list: "/admin/queue/retired", listLabel: "Search retired messages", back: "Retired messages", suppressions: "/admin/suppressions" },
  account: { list: "/account/messages", listLabel: "Search your messages", back: "Messages", suppressions: "/account/suppressions" },
};

export function MessageTrailView(props: {
  id: string;
  area: "admin" | "account";
  trail: { data?: Trail; error: { message: string } | null };
  actions?: (state: Trail["state"]) => ReactNode;
}) {
  const { id, trail } = props;
  const links = LINKS[props.area];
  const valid = /^\d+$/.test(id);
  if (!valid || trail.error) {
    return (
      <div className="space-y-4">
        <PageHeader title={`Message ${id}`} />
        <p role="alert" className="rounded-lg border p-4 text-sm">
          {valid ? trail.error?.message : "Message ids are numbers."}{" "}
          <Link className="text-primary underline" href={links.list}>
            {links.listLabel}
          </Link>
        </p>
      </div>
    );
  }
  if (!trail.data) return <Skeleton className="h-64 w-full" />;
  const { message: m, events, state, suppression } = trail.data;
  const extra = Object.entries((m.extra ?? {}) as Record<string, string>);
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link className="hover:underline" href={links.list}>
            {links.back}
          </Link>
        }
        title={
          <span className="flex items-center gap-3">
            Message {String(m.id)} <MessageState m={m} lastError={lastResultError(m.results)} />
          </span>
        }
        description={m.subject ? `“${m.subject}”` : "(no subject)"}
        actions={props.actions?.(state)}
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_1fr]">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Envelope</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
              {props.area === "admin" && <Fact label="Account">{m.senderAccount}</Fact>}
              <Fact label="From">{senderOf(m)}</Fact>
              <Fact label="To">{recipientOf(m)}</Fact>
              <Fact label="Message-ID">
                <span className="break-all">{m.messageIdHeader || "—"}</span>
                {m.messageIdHeader && <CopyButton value={m.messageIdHeader} />}
              </Fact>
              <Fact label="FromID">{m.fromId || "—"}</Fact>
              <Fact label="Extra">{extra.length ? <span className="font-mono text-xs break-all">{extra.map(([k, v]) => `${k}=${v}`).join(" ")}</span> : "—"}</Fact>
              {props.area === "admin" && <Fact label="Transport">{m.transport || "default routing"}</Fact>}
              <Fact label="Size">{formatBytes(Number(m.size))}</Fact>
              <Fact label="Attempts">{m.attempts}</Fact>
            </dl>
            {suppression && (
              <p className="mt-4 flex gap-2 rounded-md border border-warning/50 bg-warning/10 p-2 text-sm">
                <ShieldAlert className="size-4 shrink-0" aria-hidden />
                <span>
                  {suppression.baseAddress} is on {props.area === "account" ? "your" : `${m.senderAccount}’s`}{" "}
                  <Link className="text-primary underline" href={`${links.suppressions}?q=${encodeURIComponent(suppression.baseAddress)}`}>
                    suppression list
                  </Link>
                  {suppression.reason ? `: ${suppression.reason}` : ""}
                  {suppression.queueMsgId === m.id ? `, added by this message${suppression.attempt > 0 ? ` at attempt ${suppression.attempt}` : ""}` : ""}.
                </span>
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
              <TrailItem key={i} {...eventView(e)} />
            ))}
            {state === "queued" && (
              <TrailItem icon={Clock} title={m.hold ? "On hold: no delivery attempt until an admin releases it." : "Waiting for the next attempt"} at={"nextAttempt" in m && !m.hold ? m.nextAttempt : undefined} />
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
      <dd className="flex min-w-0 items-start gap-1 break-words">{children}</dd>
    </>
  );
}

type ItemView = { icon: LucideIcon; tone?: "ok" | "bad"; title: ReactNode; at?: Date | string; detail?: ReactNode };

const codeOf = (r: { Code: number; Secode: string }) => (r.Code ? ` (${r.Code}${r.Secode ? ` ${r.Secode}` : ""})` : "");

function eventView(e: TrailEvent): ItemView {
  switch (e.kind) {
    case "submitted":
      return { icon: Send, title: "Submitted", at: e.at };
    case "attempt":
      return {
        icon: e.result.Success ? CheckCircle2 : XCircle,
        tone: e.result.Success ? "ok" : "bad",
        title: `Delivery attempt ${e.result.Success ? "succeeded" : "failed"}${codeOf(e.result)}`,
        at: e.at,
        detail: e.result.Error && <p className="mt-1 text-sm break-words text-muted-foreground">{e.result.Error}</p>,
      };
    case "retired":
      return { icon: e.success ? CheckCircle2 : XCircle, tone: e.success ? "ok" : "bad", title: `Left the queue: ${e.success ? "delivered" : "not delivered"}`, at: e.at };
    case "webhook":
      return {
        icon: Webhook,
        tone: e.hook.success === null ? undefined : e.hook.success ? "ok" : "bad",
        title: (
          <>
            Webhook “{e.hook.event}” {e.hook.success === null ? "queued" : e.hook.success ? "delivered" : "failed"}
            <span className="ml-2 font-mono text-xs text-muted-foreground">#{String(e.hook.id)}</span>
          </>
        ),
        at: e.at,
        detail: (
          <>
            <p className="mb-2 truncate text-xs text-muted-foreground">{e.hook.url}</p>
            <HookResults results={e.hook.results as HookResult[]} />
          </>
        ),
      };
  }
}

const TONES = { ok: "bg-success text-success-foreground", bad: "bg-destructive text-white" };

function TrailItem({ icon: Icon, tone, title, at, detail }: ItemView) {
  return (
    <li className="relative">
      <span className={`absolute -left-[2.15rem] flex size-6 items-center justify-center rounded-full border ${tone ? TONES[tone] : "bg-muted text-foreground"}`}>
        <Icon className="size-3.5" aria-hidden />
      </span>
      <p className="text-sm font-medium">{title}</p>
      {at && <RelativeTime date={at} />}
      {detail}
    </li>
  );
}
