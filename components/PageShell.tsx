import Link from "next/link";
import type { ReactNode } from "react";

const AREAS = [
  { href: "/webmail", label: "Webmail" },
  { href: "/account", label: "Account" },
  { href: "/admin", label: "Admin" },
];

export function PageShell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="min-h-dvh">
      <header className="flex items-center gap-8 border-b bg-card px-6 py-3">
        <Link className="font-semibold" href="/">
          Mailroom
        </Link>
        <nav aria-label="Areas" className="flex gap-5">
          {AREAS.map((a) => (
            <Link key={a.href} href={a.href} className="text-muted-foreground hover:text-foreground">
              {a.label}
            </Link>
          ))}
        </nav>
      </header>
      <main className="mx-auto max-w-3xl space-y-4 px-6 py-8 [&_a]:text-primary [&_a]:underline-offset-4 [&_a:hover]:underline [&_li]:ml-5 [&_ul]:list-disc [&_ul]:space-y-1">
        <h1 className="text-2xl font-semibold">{title}</h1>
        {children}
      </main>
    </div>
  );
}
