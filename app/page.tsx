import Link from "next/link";
import { ActivityIcon, ChevronRightIcon, InboxIcon, ServerIcon, UserIcon } from "lucide-react";

import { PageShell } from "../components/PageShell";

const AREAS = [
  { href: "/webmail", label: "Webmail", text: "Read and write mail.", icon: InboxIcon },
  { href: "/account", label: "Account", text: "Webhooks, suppression list, retention.", icon: UserIcon },
  { href: "/admin", label: "Admin", text: "Domains, accounts, queue.", icon: ServerIcon },
  { href: "/healthz", label: "Health", text: "Database and Redis status as JSON.", icon: ActivityIcon, plain: true },
];

export default function Home() {
  return (
    <PageShell
      title="Mailroom"
      description="A self-hosted mail platform: an HTTP/JSON API and webhooks for applications, a webmail for people, and an admin console."
    >
      <ul className="grid gap-3 sm:grid-cols-2">
        {AREAS.map(({ href, label, text, icon: Icon, plain }) => {
          // /healthz is a JSON route handler, not a page: a plain link, no client-side navigation.
          const Anchor = plain ? "a" : Link;
          return (
          <li key={href}>
            <Anchor
              href={href}
              className="group flex items-center gap-3 rounded-lg border bg-card p-4 shadow-xs transition-colors hover:bg-accent/50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
            >
              <span className="flex size-9 shrink-0 items-center justify-center rounded-md border bg-muted text-muted-foreground">
                <Icon aria-hidden="true" className="size-4" />
              </span>
              <span className="flex min-w-0 flex-1 flex-col">
                <span className="font-medium">{label}</span>
                <span className="text-muted-foreground">{text}</span>
              </span>
              <ChevronRightIcon
                aria-hidden="true"
                className="size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5"
              />
            </Anchor>
          </li>
          );
        })}
      </ul>
    </PageShell>
  );
}
