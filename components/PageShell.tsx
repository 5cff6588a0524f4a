import type { ReactNode } from "react";
import Link from "next/link";
import { MailIcon } from "lucide-react";

import { PageHeader } from "@/components/ui/page-header";
import { ThemeToggle } from "@/components/ui/theme-toggle";

const AREAS = [
  { href: "/webmail", label: "Webmail" },
  { href: "/account", label: "Account" },
  { href: "/admin", label: "Admin" },
];

const navLink =
  "rounded-md px-2 py-1 text-sm text-muted-foreground transition-colors hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring";

export function PageShell({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="sticky top-0 z-40 border-b bg-background/90 backdrop-blur supports-[backdrop-filter]:bg-background/75">
        <div className="mx-auto flex h-12 max-w-5xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
          <Link
            href="/"
            className="flex items-center gap-2 rounded-md font-semibold tracking-tight focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
          >
            <span className="flex size-6 items-center justify-center rounded-md bg-primary text-primary-foreground">
              <MailIcon aria-hidden="true" className="size-3.5" />
            </span>
            {/* On phones only the logo shows: the nav needs the room. The link keeps its name for screen readers. */}
            <span className="max-sm:sr-only">Mailroom</span>
          </Link>
          <nav aria-label="Main" className="flex items-center gap-1 overflow-x-auto">
            {AREAS.map((a) => (
              <Link key={a.href} href={a.href} className={navLink}>
                {a.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto">
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 sm:px-6">
        <PageHeader title={title} description={description} actions={actions} />
        {children}
      </main>
    </div>
  );
}
