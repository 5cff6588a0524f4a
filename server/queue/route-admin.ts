// Administration of routes (spec 10): lists per sender account, per sender domain and global, each ordered by
// position (1, 2, ... without gaps), every change audited. And the tester: which route a message would take,
// evaluated the way delivery does, with the reason each earlier route did not match.
import { parseDomain } from "../address/domain";
import { parseAddress, type Address } from "../address/parse";
import { audited, type Actor } from "../audit/audit-log";
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";
import { accountNames } from "../store/account-names";
import { findAddressOwner } from "../store/address-owner";
import { domainListMatches, routeMatches, type RouteCandidate } from "./routes";

export type ScopeKind = "account" | "domain" | "global";
// key is what the page's scope select sends: "global", "domain:<ascii name>" or "account:<name>".
export type RouteScope = { key: string; kind: ScopeKind; name: string; label: string };
export type RouteView = { id: number; position: number; fromDomains: string[]; toDomains: string[]; minimumAttempts: number; transport: string; transportKind: string };
export type RouteGroup = { scope: RouteScope; routes: RouteView[] };
export type NewRoute = { scope: string; fromDomains: string[]; toDomains: string[]; minimumAttempts: number; transport: string };

type RouteRow = ScopeIds & {
  id: number;
  position: number;
  fromDomains: string[];
  toDomains: string[];
  minimumAttempts: number;
  accountName: string | null;
  domainName: string | null;
  domainUnicode: string | null;
  transport: string;
  transportKind: string;
};
type ScopeIds = { accountId: number | null; domainId: number | null };

// One query with the names joined in: inside a transaction, Prisma would run an include's queries at once on
// the transaction's single connection.
const ROUTE_SELECT = `SELECT r."id", r."accountId", r."domainId", r."position", r."fromDomains", r."toDomains", r."minimumAttempts",
    a."name" AS "accountName", d."name" AS "domainName", d."unicodeName" AS "domainUnicode", t."name" AS "transport", t."kind" AS "transportKind"
  FROM "Route" r JOIN "Transport" t ON t."id" = r."transportId"
  LEFT JOIN "Account" a ON a."id" = r."accountId" LEFT JOIN "Domain" d ON d."id" = r."domainId"`;

function routeRows(client: Db | Tx, where: string, ...params: unknown[]): Promise<RouteRow[]> {
  return client.$queryRawUnsafe<RouteRow[]>(`${ROUTE_SELECT} WHERE ${where} ORDER BY r."position", r."id"`, ...params);
}

const RANK: Record<ScopeKind, number> = { account: 0, domain: 1, global: 2 };

export async function routeScopes(db: Db): Promise<{ accounts: string[]; domains: { name: string; unicodeName: string }[] }> {
  const [accounts, domains] = await Promise.all([accountNames(db), db.domain.findMany({ select: { name: true, unicodeName: true }, orderBy: { name: "asc" } })]);
  return { accounts, domains };
}

// In evaluation order: account lists, domain lists, then the global list.
export async function routeList(db: Db): Promise<RouteGroup[]> {
  const rows = await routeRows(db, "true");
  const groups = new Map<string, RouteGroup>();
  for (const row of rows) {
    const scope = scopeOf(row);
    const group = groups.get(scope.key) ?? { scope, routes: [] };
    group.routes.push(routeView(row));
    groups.set(scope.key, group);
  }
  return [...groups.values()].sort((a, b) => RANK[a.scope.kind] - RANK[b.scope.kind] || a.scope.label.localeCompare(b.scope.label));
}

export async function routeAdd(db: Db, actor: Actor, input: NewRoute): Promise<RouteView> {
  return audited(db, actor, "route.add", async (tx) => {
    await lockOrder(tx);
    const scope = await resolveScope(tx, input.scope);
    const transport = await tx.transport.findUnique({ where: { name: input.transport } });
    if (!transport) throw new AppError("badTransport", `no transport named ${input.transport}: add it first`, "transport");
    const ids = await orderedIds(tx, scope);
    const created = await tx.route.create({
      data: {
        ...scope,
        position: ids.length + 1,
        fromDomains: asciiEntries(input.fromDomains, "fromDomains"),
        toDomains: asciiEntries(input.toDomains, "toDomains"),
        minimumAttempts: input.minimumAttempts,
        transportId: transport.id,
      },
    });
    // Rows written elsewhere (CLI, SQL) may have left gaps; the list is renumbered with the new route last.
    await writeOrder(tx, [...ids, created.id]);
    const row = await storedRoute(tx, created.id);
    return { result: routeView(row), target: routeTarget(row), after: routeRecord(row) };
  });
}

export async function routeRemove(db: Db, actor: Actor, id: number): Promise<void> {
  await audited(db, actor, "route.remove", async (tx) => {
    await lockOrder(tx);
    const row = await storedRoute(tx, id);
    await tx.route.delete({ where: { id } });
    await writeOrder(tx, await orderedIds(tx, idsOf(row)));
    return { result: undefined, target: routeTarget(row), before: routeRecord(row) };
  });
}

// Moves a route to a position within its own list; the others shift to keep the positions contiguous.
export async function routeMove(db: Db, actor: Actor, input: { id: number; position: number }): Promise<RouteView> {
  return audited(db, actor, "route.move", async (tx) => {
    await lockOrder(tx);
    const row = await storedRoute(tx, input.id);
    const ids = (await orderedIds(tx, idsOf(row))).filter((id) => id !== row.id);
    const index = Math.min(input.position, ids.length + 1) - 1;
    ids.splice(index, 0, row.id);
    const before = { position: row.position };
    await writeOrder(tx, ids);
    const moved = await storedRoute(tx, row.id);
    return { result: routeView(moved), target: routeTarget(moved), before, after: { position: moved.position } };
  });
}

export type ConsideredRoute = { id: number; scope: RouteScope; position: number; transport: string; matched: boolean; reasons: string[] };
export type RouteTestResult = {
  senderAccount: string | null;
  senderDomain: string;
  recipientDomain: string;
  attempt: number;
  // The routes looked at, in order, up to and including the one that matched.
  considered: ConsideredRoute[];
  matched: (ConsideredRoute & { transportKind: string }) | null;
  summary: string;
  notes: string[];
};

export async function routeTest(db: Db, input: { sender: string; recipient: string; attempt: number }): Promise<RouteTestResult> {
  const sender = addressField(input.sender, "sender");
  const recipient = addressField(input.recipient, "recipient");
  const account = await senderAccount(db, sender);
  const candidate: RouteCandidate = {
    senderAccount: account ?? "",
    senderDomain: sender.domain.ascii,
    recipientDomain: recipient.domain.ascii,
    transport: "",
    previousAttempts: input.attempt - 1,
  };
  const considered: ConsideredRoute[] = [];
  let matched: RouteTestResult["matched"] = null;
  for (const row of await applicableRoutes(db, candidate)) {
    const entry = { id: row.id, scope: scopeOf(row), position: row.position, transport: row.transport, matched: routeMatches(row, candidate), reasons: mismatches(row, candidate) };
    considered.push(entry);
    if (entry.matched) {
      matched = { ...entry, transportKind: row.transportKind };
      break;
    }
  }
  const notes = account ? [] : [`${input.sender} is not an address of any account here: only the routes of its domain and the global routes apply.`];
  const summary = matched
    ? `Route ${matched.position} of the ${matched.scope.label} routes matches: the message goes out over transport ${matched.transport} (${matched.transportKind}).`
    : `No route matches: direct delivery to the MX hosts of ${recipient.domain.unicode}.`;
  return { senderAccount: account, senderDomain: sender.domain.unicode, recipientDomain: recipient.domain.unicode, attempt: input.attempt, considered, matched, summary, notes };
}

function addressField(input: string, field: string): Address {
  try {
    return parseAddress(input.trim());
  } catch {
    throw new AppError("badAddress", `${JSON.stringify(input)} is not an email address`, field);
  }
}

async function senderAccount(db: Db, sender: Address): Promise<string | null> {
  const owner = await findAddressOwner(db, sender);
  if (!owner) return null;
  return (await db.account.findUnique({ where: { id: owner.accountId }, select: { name: true } }))?.name ?? null;
}

// The sender account's routes, then the sender domain's, then the global ones, as delivery reads them.
async function applicableRoutes(db: Db, m: RouteCandidate): Promise<RouteRow[]> {
  const rows = await routeRows(db, `a."name" = $1 OR d."name" = $2 OR (r."accountId" IS NULL AND r."domainId" IS NULL)`, m.senderAccount, m.senderDomain);
  return rows.sort((a, b) => RANK[scopeOf(a).kind] - RANK[scopeOf(b).kind]);
}

function mismatches(r: RouteRow, m: RouteCandidate): string[] {
  const reasons: string[] = [];
  if (m.previousAttempts < r.minimumAttempts) {
    reasons.push(`applies from attempt ${r.minimumAttempts + 1} on (minimum attempts ${r.minimumAttempts}); this is attempt ${m.previousAttempts + 1}`);
  }
  if (!domainListMatches(r.fromDomains, m.senderDomain)) reasons.push(`sender domain ${m.senderDomain} is not among the From domains ${r.fromDomains.join(", ")}`);
  if (!domainListMatches(r.toDomains, m.recipientDomain)) reasons.push(`recipient domain ${m.recipientDomain} is not among the To domains ${r.toDomains.join(", ")}`);
  return reasons;
}

async function resolveScope(tx: Tx, key: string): Promise<ScopeIds> {
  if (key === "global") return { accountId: null, domainId: null };
  const colon = key.indexOf(":");
  const kind = key.slice(0, colon);
  const name = key.slice(colon + 1);
  if (kind === "account") {
    const account = await tx.account.findUnique({ where: { name } });
    if (!account) throw new AppError("badScope", `account ${name} does not exist`, "scope");
    return { accountId: account.id, domainId: null };
  }
  const domain = await tx.domain.findUnique({ where: { name: asciiDomain(name) ?? "" } });
  if (kind !== "domain" || !domain) throw new AppError("badScope", `domain ${name} does not exist here`, "scope");
  return { accountId: null, domainId: domain.id };
}

const asciiDomain = (name: string): string | null => {
  try {
    return parseDomain(name).ascii;
  } catch {
    return null;
  }
};

// Entries compare with ASCII domain names; a leading dot (".example.com") is kept.
function asciiEntries(entries: string[], field: string): string[] {
  return entries.map((entry) => {
    const dot = entry.startsWith(".") ? "." : "";
    const ascii = asciiDomain(entry.slice(dot.length));
    if (!ascii) throw new AppError("badDomain", `${JSON.stringify(entry)} is not a domain (or .domain for it and its subdomains)`, field);
    return dot + ascii;
  });
}

// Changes of order are serialised, so two admins moving routes at once cannot leave gaps or duplicates.
async function lockOrder(tx: Tx): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('mailroom.route-order'))`);
}

async function storedRoute(tx: Tx, id: number): Promise<RouteRow> {
  const [row] = await routeRows(tx, `r."id" = $1`, id);
  if (!row) throw new AppError("notFound", `no route with id ${id}`);
  return row;
}

const idsOf = (r: ScopeIds): ScopeIds => ({ accountId: r.accountId, domainId: r.domainId });

async function orderedIds(tx: Tx, scope: ScopeIds): Promise<number[]> {
  const rows = await tx.route.findMany({ where: scope, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
  return rows.map((r) => r.id);
}

async function writeOrder(tx: Tx, ids: number[]): Promise<void> {
  for (const [i, id] of ids.entries()) await tx.route.update({ where: { id }, data: { position: i + 1 } });
}

function scopeOf(r: RouteRow): RouteScope {
  if (r.accountName) return { key: `account:${r.accountName}`, kind: "account", name: r.accountName, label: `account ${r.accountName}` };
  if (r.domainName) return { key: `domain:${r.domainName}`, kind: "domain", name: r.domainUnicode ?? r.domainName, label: `domain ${r.domainUnicode}` };
  return { key: "global", kind: "global", name: "", label: "global" };
}

function routeView(r: RouteRow): RouteView {
  return { id: r.id, position: r.position, fromDomains: r.fromDomains, toDomains: r.toDomains, minimumAttempts: r.minimumAttempts, transport: r.transport, transportKind: r.transportKind };
}

const routeTarget = (r: RouteRow) => `route ${r.id} (${scopeOf(r).label})`;
const routeRecord = (r: RouteRow) => ({ scope: scopeOf(r).label, position: r.position, fromDomains: r.fromDomains, toDomains: r.toDomains, minimumAttempts: r.minimumAttempts, transport: r.transport });
