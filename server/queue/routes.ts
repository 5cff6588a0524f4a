// Which transport an attempt uses (spec 10): an explicit transport on the message wins; otherwise the first
// matching route of the sender's account, then of the sender's domain, then the global routes; no match means
// direct delivery.
import type { SqlClient } from "../db/client";
import { findTransport, parseTransport, type TransportSpec } from "./transports";

export type RouteCandidate = { senderAccount: string; senderDomain: string; recipientDomain: string; transport: string; previousAttempts: number };

export type ResolvedTransport = { ok: true; transport: TransportSpec | null } | { ok: false; error: string };

type RouteRow = { fromDomains: string[]; toDomains: string[]; minimumAttempts: number; name: string; kind: string; settings: unknown };

// Routes read once per delivery run and sender: a run delivers many messages from the same few senders, and a
// changed route applies from the next run.
export class RouteCache {
  private readonly routes = new Map<string, Promise<RouteRow[]>>();

  constructor(private readonly sql: SqlClient) {}

  async resolve(m: RouteCandidate): Promise<ResolvedTransport> {
    if (m.transport) {
      const explicit = await findTransport(this.sql, m.transport);
      return explicit ? { ok: true, transport: explicit } : { ok: false, error: `cannot find transport ${JSON.stringify(m.transport)}` };
    }
    const route = (await this.routesFor(m.senderAccount, m.senderDomain)).find((r) => routeMatches(r, m));
    return { ok: true, transport: route ? parseTransport(route.name, route.kind, route.settings) : null };
  }

  private routesFor(account: string, senderDomain: string): Promise<RouteRow[]> {
    const key = `${account}\0${senderDomain}`;
    let found = this.routes.get(key);
    if (!found) {
      found = routesFor(this.sql, account, senderDomain);
      this.routes.set(key, found);
    }
    return found;
  }
}

async function routesFor(sql: SqlClient, account: string, senderDomain: string): Promise<RouteRow[]> {
  const { rows } = await sql.query<RouteRow>(
    `SELECT r."fromDomains", r."toDomains", r."minimumAttempts", t."name", t."kind", t."settings"
     FROM "Route" r JOIN "Transport" t ON t."id" = r."transportId"
     LEFT JOIN "Account" a ON a."id" = r."accountId" LEFT JOIN "Domain" d ON d."id" = r."domainId"
     WHERE a."name" = $1 OR d."name" = $2 OR (r."accountId" IS NULL AND r."domainId" IS NULL)
     ORDER BY CASE WHEN r."accountId" IS NOT NULL THEN 0 WHEN r."domainId" IS NOT NULL THEN 1 ELSE 2 END, r."position", r."id"`,
    [account, senderDomain],
  );
  return rows;
}

export function routeMatches(r: Pick<RouteRow, "fromDomains" | "toDomains" | "minimumAttempts">, m: RouteCandidate): boolean {
  return m.previousAttempts >= r.minimumAttempts && domainListMatches(r.fromDomains, m.senderDomain) && domainListMatches(r.toDomains, m.recipientDomain);
}

// An empty list matches every domain; ".example.com" matches example.com and any name below it.
export function domainListMatches(list: string[], domain: string): boolean {
  const d = domain.toLowerCase();
  return (
    list.length === 0 ||
    list.some((entry) => {
      const e = entry.toLowerCase();
      if (!e.startsWith(".")) return e === d;
      return d === e.slice(1) || d.endsWith(e);
    })
  );
}
