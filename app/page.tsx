import { PageShell } from "../components/PageShell";

export default function Home() {
  return (
    <PageShell title="Mailroom">
      <p className="text-base text-muted-foreground">A self-hosted mail platform: an HTTP/JSON API and webhooks for applications, a webmail for people, and an admin console.</p>
      <ul>
        <li>
          <a href="/webmail">Webmail</a>: read and write mail.
        </li>
        <li>
          <a href="/account">Account</a>: webhooks, suppression list, retention.
        </li>
        <li>
          <a href="/admin">Admin</a>: domains, accounts, queue.
        </li>
        <li>
          <a href="/healthz">Health</a>: database and Redis status as JSON.
        </li>
      </ul>
    </PageShell>
  );
}
