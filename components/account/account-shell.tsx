"use client";
// The account area's frame: its sections, the user's session and logout, and the live subscription that keeps
// the pages current (each page reads only its own account's data).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { Ban, Clock, Fingerprint, KeyRound, LayoutDashboard, Send, Webhook } from "lucide-react";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { AreaShell, useLiveRefetch, type NavItem } from "@/components/area/area-shell";
import { useTRPC } from "@/components/trpc/client";

const NAV: NavItem[] = [
  { href: "/account", label: "Account", icon: LayoutDashboard, exact: true },
  { href: "/account/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/account/messages", label: "Messages", icon: Send },
  { href: "/account/suppressions", label: "Suppressions", icon: Ban },
  { href: "/account/retention", label: "Retention", icon: Clock },
  { href: "/account/fromid", label: "Unique MAIL FROM", icon: Fingerprint },
  { href: "/account/api-keys", label: "API keys", icon: KeyRound },
];

export function AccountShell({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const session = useQuery(trpc.account.session.get.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
  const logout = useMutation(
    trpc.account.session.logout.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        router.replace("/account/login");
      },
    }),
  );
  return (
    <AreaShell
      area="account"
      nav={NAV}
      session={session}
      who={session.data?.loginAddress}
      onLogout={() => logout.mutate()}
      loggingOut={logout.isPending}
      live={<LiveUpdates />}
    >
      {children}
    </AreaShell>
  );
}

function LiveUpdates() {
  const trpc = useTRPC();
  const live = useLiveRefetch();
  useSubscription(trpc.account.live.changes.subscriptionOptions(undefined, live.callbacks));
  return live.status;
}
