"use client";
// The admin area's frame: its sections, its session and logout, and the one live subscription that keeps the
// page's lists and counters current.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { Activity, Ban, Globe, History, Inbox, LayoutDashboard, Mail, Route, Users, Webhook } from "lucide-react";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { AreaShell, useLiveRefetch, type NavItem } from "@/components/area/area-shell";
import { useTRPC } from "@/components/trpc/client";

const NAV: NavItem[] = [
  { href: "/admin", label: "Overview", icon: LayoutDashboard, exact: true },
  { href: "/admin/queue", label: "Queue", icon: Inbox, exact: true },
  { href: "/admin/queue/retired", label: "Retired messages", icon: Mail },
  { href: "/admin/webhooks", label: "Webhooks", icon: Webhook, exact: true },
  { href: "/admin/webhooks/retired", label: "Retired webhooks", icon: Activity },
  { href: "/admin/domains", label: "Domains", icon: Globe },
  { href: "/admin/accounts", label: "Accounts", icon: Users },
  { href: "/admin/routes", label: "Routes", icon: Route },
  { href: "/admin/suppressions", label: "Suppressions", icon: Ban },
  { href: "/admin/audit", label: "Audit log", icon: History },
];

export function AdminShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const session = useQuery(trpc.admin.session.get.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
  const logout = useMutation(
    trpc.admin.session.logout.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        router.replace("/admin/login");
      },
    }),
  );
  return (
    <AreaShell area="admin" nav={NAV} session={session} onLogout={() => logout.mutate()} loggingOut={logout.isPending} live={<LiveUpdates />}>
      {children}
    </AreaShell>
  );
}

// Every change in the queue, webhook or configuration tables refetches the queries on screen. The
// subscription resumes after a reconnect from the last event it saw.
function LiveUpdates() {
  const trpc = useTRPC();
  const live = useLiveRefetch();
  useSubscription(trpc.admin.live.changes.subscriptionOptions(undefined, live.callbacks));
  return live.status;
}
