import type { ReactNode } from "react";

const AREAS = [
  { href: "/webmail", label: "Webmail" },
  { href: "/account", label: "Account" },
  { href: "/admin", label: "Admin" },
];

export function PageShell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href="/">
          Mailroom
        </a>
        <nav>
          {AREAS.map((a) => (
            <a key={a.href} href={a.href}>
              {a.label}
            </a>
          ))}
        </nav>
      </header>
      <main className="shell-main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
