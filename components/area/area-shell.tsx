"use client";
// The frame of every page behind a login, the same for each area (admin, account): navigation (a side bar on
// wide screens, a scrolling strip on narrow ones), theme, logout, the session check that sends a visitor
// without a session to the area's login, and the live-update status the area's subscription reports.
import type { LucideIcon } from "lucide-react";
import { LogOut, Mail } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { setCsrfToken } from "@/components/trpc/client";

export type NavItem = { href: string; label: string; icon: LucideIcon; exact?: boolean };
type SessionQuery = { data?: { csrfToken: string }; error: { message: string; data?: { code?: string } | null } | null };

export function AreaShell(props: {
  area: "admin" | "account";
  nav: NavItem[];
  session: SessionQuery;
  who?: string;
  onLogout: () => void;
  loggingOut: boolean;
  live: ReactNode;
  children: ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const { session, area } = props;
  const unauthorized = session.error?.data?.code === "UNAUTHORIZED";
  useEffect(() => {
    if (session.data) setCsrfToken(session.data.csrfToken);
  }, [session.data]);
  useEffect(() => {
    if (unauthorized) router.replace(`/${area}/login?next=${encodeURIComponent(pathname)}`);
  }, [unauthorized, router, pathname, area]);

  if (!session.data) {
    return (
      <div className="flex min-h-dvh items-center justify-center text-muted-foreground" role="status">
        {session.error && !unauthorized ? `Cannot reach the server: ${session.error.message}` : <Spinner />}
      </div>
    );
  }
  const label = area === "admin" ? "Admin" : "Account";
  return (
    <div className="min-h-dvh bg-background">
      {props.live}
      <header className="sticky top-0 z-30 border-b bg-background/95 backdrop-blur">
        <div className="flex h-14 items-center gap-4 px-4">
          <Link href={`/${area}`} className="flex items-center gap-2 font-semibold">
            <Mail className="size-5 text-primary" aria-hidden />
            <span>Mailroom</span>
            <span className="rounded bg-muted px-1.5 py-0.5 text-xs font-medium text-muted-foreground">{area}</span>
          </Link>
          <div className="ml-auto flex min-w-0 items-center gap-1">
            {props.who && <span className="hidden truncate px-2 text-sm text-muted-foreground sm:inline">{props.who}</span>}
            <ThemeToggle />
            <Button variant="ghost" size="sm" onClick={props.onLogout} disabled={props.loggingOut}>
              <LogOut className="size-4" aria-hidden />
              <span className="hidden sm:inline">Log out</span>
            </Button>
          </div>
        </div>
        <SectionStrip nav={props.nav} pathname={pathname} label={`${label} sections`} />
      </header>
      <div className="flex">
        <nav aria-label={label} className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-56 shrink-0 flex-col gap-0.5 overflow-y-auto border-r p-3 lg:flex">
          <NavLinks nav={props.nav} pathname={pathname} />
        </nav>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 lg:px-8">
          <div className="mx-auto max-w-screen-2xl">{props.children}</div>
        </main>
      </div>
    </div>
  );
}

// On narrow screens the sections scroll sideways; the current one is scrolled into the middle.
function SectionStrip({ nav, pathname, label }: { nav: NavItem[]; pathname: string; label: string }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const strip = ref.current;
    const current = strip?.querySelector<HTMLElement>('[aria-current="page"]');
    if (strip && current) strip.scrollLeft = current.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
  }, [pathname]);
  return (
    <nav ref={ref} aria-label={label} className="relative flex gap-1 overflow-x-auto border-t px-2 py-1 lg:hidden">
      <NavLinks nav={nav} pathname={pathname} />
    </nav>
  );
}

function NavLinks({ nav, pathname }: { nav: NavItem[]; pathname: string }) {
  return nav.map(({ href, label, icon: Icon, exact }) => {
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

// tRPC query keys start with the procedure's path, e.g. [["admin", "session", "get"], {...}]: a live change
// refetches everything on screen except the session.
export function isSessionQuery(key: readonly unknown[]): boolean {
  return Array.isArray(key[0]) && key[0][1] === "session";
}

// What an area's live subscription does: every change refetches what is on screen, and its state is announced
// to screen readers. Each shell passes these callbacks to its own area's subscription. Left out: the session,
// and queries marked meta.live = false, whose answers do not come from our tables (DNS lookups) and would be
// asked again at every change of the queue.
export function useLiveRefetch() {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);
  return {
    status: <LiveStatus connected={connected} />,
    callbacks: {
      onStarted: () => setConnected(true),
      onData: () => void queryClient.invalidateQueries({ predicate: (q) => !isSessionQuery(q.queryKey) && q.meta?.live !== false }),
      onError: () => setConnected(false),
    },
  };
}

function LiveStatus({ connected }: { connected: boolean }) {
  return (
    <span className="sr-only" role="status" data-live={connected ? "connected" : "connecting"}>
      {connected ? "Live updates on" : "Connecting live updates"}
    </span>
  );
}
