"use client";
// The frame of every admin page behind the login: navigation (a side bar on wide screens, a scrolling strip
// on narrow ones), theme, logout, the session check and the one
// live subscription that keeps the page's lists and counters current.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { Activity, Ban, Globe, History, Inbox, LayoutDashboard, LogOut, Mail, Route, Users, Webhook } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { cn } from "@/components/ui/cn";
import { setCsrfToken, useTRPC } from "@/components/trpc/client";

const NAV = [
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
  const pathname = usePathname();
  const session = useQuery(trpc.admin.session.get.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
  const unauthorized = session.error?.data?.code === "UNAUTHORIZED";

  useEffect(() => {
    if (session.data) setCsrfToken(session.data.csrfToken);
  }, [session.data]);
  useEffect(() => {
    if (unauthorized) router.replace(`/admin/login?next=${encodeURIComponent(pathname)}`);
  }, [unauthorized, router, pathname]);

  if (!session.data) {
    return (
      <div className="flex min-h-dvh items-center justify-center text-muted-foreground" role="status">
        {session.error && !unauthorized ? `Cannot reach the server: ${session.error.message}` : <Spinner />}
      </div>
    );
  }
  return (
    <div className="min-h-dvh bg-background">
      <LiveUpdates />
      <header className="sticky top-0 z-30 border-b bg-background/95 backdrop-blur">
        <div className="flex h-14 items-center gap-4 px-4">
          <Link href="/admin" className="flex items-center gap-2 font-semibold">
            <Mail className="size-5 text-primary" aria-hidden />
            <span>Mailroom</span>
            <span className="rounded bg-muted px-1.5 py-0.5 text-xs font-medium text-muted-foreground">admin</span>
          </Link>
          <div className="ml-auto flex items-center gap-1">
            <ThemeToggle />
            <LogoutButton />
          </div>
        </div>
        <SectionStrip pathname={pathname} />
      </header>
      <div className="flex">
        <nav aria-label="Admin" className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-56 shrink-0 flex-col gap-0.5 overflow-y-auto border-r p-3 lg:flex">
          <NavLinks pathname={pathname} />
        </nav>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 lg:px-8">
          <div className="mx-auto max-w-screen-2xl">{children}</div>
        </main>
      </div>
    </div>
  );
}

// On narrow screens the sections scroll sideways; the current one is scrolled into the middle.
function SectionStrip({ pathname }: { pathname: string }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const nav = ref.current;
    const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (nav && current) nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  }, [pathname]);
  return (
    <nav ref={ref} aria-label="Admin sections" className="relative flex gap-1 overflow-x-auto border-t px-2 py-1 lg:hidden">
      <NavLinks pathname={pathname} />
    </nav>
  );
}

function NavLinks({ pathname }: { pathname: string }) {
  return NAV.map(({ href, label, icon: Icon, exact }) => {
    const active = exact ? pathname === href : pathname.startsWith(href);
    return (
      <Link
        key={href}
        href={href}
        aria-current={active ? "page" : undefined}
        className={cn(
          "flex shrink-0 items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm text-muted-foreground hover:bg-accent hover:text-accent-foreground",
          active && "bg-accent font-medium text-accent-foreground",
        )}
      >
        <Icon className="size-4" aria-hidden />
        {label}
      </Link>
    );
  });
}

function LogoutButton() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.admin.session.logout.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        router.replace("/admin/login");
      },
    }),
  );
  return (
    <Button variant="ghost" size="sm" onClick={() => logout.mutate()} disabled={logout.isPending}>
      <LogOut className="size-4" aria-hidden />
      <span className="hidden sm:inline">Log out</span>
    </Button>
  );
}

const SESSION_PATH = JSON.stringify(["admin", "session"]);
// tRPC query keys start with the procedure's path, e.g. [["admin", "session", "get"], {...}].
const isSessionQuery = (key: readonly unknown[]) => Array.isArray(key[0]) && JSON.stringify(key[0].slice(0, 2)) === SESSION_PATH;

// Every change in the queue, webhook or hold-rule tables refetches the queries on screen. The subscription
// resumes after a reconnect from the last event it saw.
function LiveUpdates() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  useSubscription(
    trpc.admin.live.changes.subscriptionOptions(undefined, {
      onStarted: () => setConnected(true),
      onData: () => {
        void queryClient.invalidateQueries({ predicate: (q) => !isSessionQuery(q.queryKey) });
      },
      onError: () => setConnected(false),
    }),
  );
  return (
    <span className="sr-only" role="status" data-live={connected ? "connected" : "connecting"}>
      {connected ? "Live updates on" : "Connecting live updates"}
    </span>
  );
}
