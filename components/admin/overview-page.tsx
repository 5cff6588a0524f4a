"use client";
// /admin: the queue and the webhook queue at a glance, live, with the last day's outcomes per hour.
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Stat } from "@/components/ui/stat";
import { useTRPC } from "@/components/trpc/client";

export function OverviewPage() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.admin.overview.get.queryOptions());
  const o = overview.data;
  return (
    <div className="space-y-6">
      <PageHeader title="Overview" description="The outgoing queue and the webhook queue, updated as they change." />
      {overview.error && <p role="alert" className="text-sm text-destructive">{overview.error.message}</p>}
      {!o ? (
        <Skeleton className="h-32 w-full" />
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
            <Stat label="Queued" value={o.queued} hint={`${o.due} due now`} href="/admin/queue" />
            <Stat label="Held" value={o.held} hint="waiting for release" href="/admin/queue?hold=yes" />
            <Stat label="Retrying" value={o.retrying} hint="failed at least once" href="/admin/queue?sort=NextAttempt.asc" />
            <Stat label="Webhooks queued" value={o.hooksQueued} hint={`${o.hooksRetrying} retrying`} href="/admin/webhooks" />
            <Stat label="Delivered (24 h)" value={o.last24h.delivered} href="/admin/queue/retired?success=yes&lastActivity=%3E-24h" />
            <Stat label="Failed (24 h)" value={o.last24h.failed} href="/admin/queue/retired?success=no&lastActivity=%3E-24h" />
            <Stat label="Webhooks delivered (24 h)" value={o.last24h.hooksDelivered} href="/admin/webhooks/retired" />
            <Stat label="Webhooks failed (24 h)" value={o.last24h.hooksFailed} href="/admin/webhooks/retired" />
          </div>
          <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
            <Card>
              <CardHeader>
                <CardTitle>
                  <h2>Outcomes per hour</h2>
                </CardTitle>
                <CardDescription>Messages that left the queue in the last 24 hours (retired messages only).</CardDescription>
              </CardHeader>
              <CardContent className="h-64">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={o.hourly.map((h) => ({ ...h, label: new Date(h.hour).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) }))}>
                    <CartesianGrid strokeDasharray="3 3" className="stroke-border" vertical={false} />
                    <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={3} className="fill-muted-foreground" />
                    <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
                    <Tooltip contentStyle={{ background: "var(--popover)", border: "1px solid var(--border)", color: "var(--popover-foreground)" }} />
                    <Legend />
                    <Bar dataKey="delivered" name="Delivered" stackId="a" fill="var(--success)" />
                    <Bar dataKey="failed" name="Failed" stackId="a" fill="var(--destructive)" />
                  </BarChart>
                </ResponsiveContainer>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>
                  <h2>Queued by recipient domain</h2>
                </CardTitle>
              </CardHeader>
              <CardContent>
                {o.topDomains.length === 0 ? (
                  <p className="text-sm text-muted-foreground">Nothing queued.</p>
                ) : (
                  <ul className="space-y-2 text-sm">
                    {o.topDomains.map((d) => (
                      <li key={d.domain} className="flex justify-between gap-2">
                        <a className="truncate text-primary hover:underline" href={`/admin/queue?to=${encodeURIComponent(`@${d.domain}`)}`}>
                          {d.domain}
                        </a>
                        <span className="tabular-nums">{d.count}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>
          </div>
        </>
      )}
    </div>
  );
}
