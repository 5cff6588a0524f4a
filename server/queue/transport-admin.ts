// Administration of transports (spec 10): list, add, change and remove, each change audited. The relay password
// is write-only: views say whether one is set, never what it is, and a change without one keeps the stored one.
// Names cannot change: queued messages name their explicit transport by name, and would lose it.
import { audited, type Actor } from "../audit/audit-log";
import { sqlPool, type Db, type Tx } from "../db/client";
import type { Transport } from "../db/generated/client";
import { AppError } from "../errors";
import { findTransport, parseTransport, type RelayTransport, type TransportSpec } from "./transports";

type Spec<K extends TransportSpec["kind"]> = Extract<TransportSpec, { kind: K }>;
type RelayKind = RelayTransport["kind"];
type RelaySettings = RelayTransport["settings"];
type Mechanism = NonNullable<RelaySettings["auth"]>["mechanisms"][number];

// What the admin sends: the kind's settings at the top level, credentials as separate fields.
export type Credentials = { username: string; password: string; clearPassword: boolean; mechanisms: Mechanism[] };
export type TransportChange =
  | ({ name: string; kind: RelayKind } & Omit<RelaySettings, "auth"> & Credentials)
  | { [K in "socks" | "direct" | "fail"]: { name: string; kind: K } & Spec<K>["settings"] }["socks" | "direct" | "fail"];

export type PublicAuth = { username: string; mechanisms: Mechanism[]; passwordSet: boolean };
export type PublicSettings = Omit<RelaySettings, "auth"> & { auth: PublicAuth | null };
export type TransportView = {
  [K in TransportSpec["kind"]]: {
    id: number;
    name: string;
    kind: K;
    settings: K extends RelayKind ? PublicSettings : Spec<K>["settings"];
    createdAt: Date;
    // What removing it would break.
    routes: number;
    queued: number;
  };
}[TransportSpec["kind"]];

const isRelay = (kind: string): kind is RelayKind => kind === "smtp" || kind === "submission" || kind === "submissions";

export async function transportList(db: Db): Promise<TransportView[]> {
  const rows = await db.transport.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { routes: true } } } });
  const queued = await queuedByName(db, rows.map((r) => r.name));
  return rows.map((r) => view(r, r._count.routes, queued.get(r.name) ?? 0));
}

export async function transportGet(db: Db, name: string): Promise<TransportView> {
  const row = await db.transport.findUnique({ where: { name }, include: { _count: { select: { routes: true } } } });
  if (!row) throw notFound(name);
  return view(row, row._count.routes, (await queuedByName(db, [name])).get(name) ?? 0);
}

// The stored transport with its secrets, for the connection test.
export async function transportSpec(db: Db, name: string): Promise<TransportSpec> {
  const spec = await findTransport(sqlPool(db), name);
  if (!spec) throw notFound(name);
  return spec;
}

export async function transportAdd(db: Db, actor: Actor, input: TransportChange): Promise<TransportView> {
  return audited(db, actor, "transport.add", async (tx) => {
    if (await tx.transport.findUnique({ where: { name: input.name } })) {
      throw new AppError("exists", `a transport named ${input.name} exists already`, "name");
    }
    const spec = specOf(input, null);
    const row = await tx.transport.create({ data: { name: spec.name, kind: spec.kind, settings: spec.settings } });
    return { result: view(row, 0, 0), target: `transport ${spec.name}`, after: auditRecord(spec) };
  });
}

export async function transportUpdate(db: Db, actor: Actor, input: TransportChange): Promise<TransportView> {
  return audited(db, actor, "transport.update", async (tx) => {
    const row = await storedRow(tx, input.name);
    const before = parseTransport(row.name, row.kind, row.settings);
    const spec = specOf(input, before);
    const updated = await tx.transport.update({ where: { id: row.id }, data: { kind: spec.kind, settings: spec.settings } });
    const queued = await tx.queueMessage.count({ where: { transport: row.name } });
    return { result: view(updated, row.routes, queued), target: `transport ${spec.name}`, before: auditRecord(before), after: auditRecord(spec) };
  });
}

// Refused while anything names the transport: a route would have nothing to send with, and a queued message
// naming a missing transport fails every attempt with "cannot find transport".
export async function transportRemove(db: Db, actor: Actor, name: string): Promise<void> {
  await audited(db, actor, "transport.remove", async (tx) => {
    const row = await storedRow(tx, name);
    const routes = row.routes;
    if (routes > 0) throw new AppError("user", `transport ${name} is used by ${counted(routes, "route")}: remove ${routes === 1 ? "it" : "them"} first`);
    const queued = await tx.queueMessage.count({ where: { transport: name } });
    if (queued > 0) {
      throw new AppError("user", `${counted(queued, "queued message")} ${queued === 1 ? "names" : "name"} transport ${name}: change their transport on the queue page first, or their deliveries fail with "cannot find transport"`);
    }
    await tx.transport.delete({ where: { id: row.id } });
    return { result: undefined, target: `transport ${name}`, before: auditRecord(parseTransport(row.name, row.kind, row.settings)) };
  });
}

function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const notFound = (name: string) => new AppError("notFound", `no transport named ${name}`, "name");

// Sequential queries rather than an include: inside a transaction Prisma would run those on one connection at once.
async function storedRow(tx: Tx, name: string): Promise<Transport & { routes: number }> {
  const row = await tx.transport.findUnique({ where: { name } });
  if (!row) throw notFound(name);
  return { ...row, routes: await tx.route.count({ where: { transportId: row.id } }) };
}

async function queuedByName(db: Db, names: string[]): Promise<Map<string, number>> {
  if (names.length === 0) return new Map();
  const groups = await db.queueMessage.groupBy({ by: ["transport"], where: { transport: { in: names } }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.transport, g._count._all]));
}

// Settings to store: the input's kind settings, with the credentials folded into auth. An empty password keeps
// the one stored before (if the transport had one), unless the admin asked to clear it.
function specOf(input: TransportChange, before: TransportSpec | null): TransportSpec {
  if (!isRelay(input.kind)) {
    const { name, kind, ...settings } = input;
    return parseTransport(name, kind, settings);
  }
  const { name, kind, username, password, clearPassword, mechanisms, ...settings } = input as Extract<TransportChange, { kind: RelayKind }>;
  if (!username) {
    if (password) throw new AppError("user", "enter the username this password belongs to", "username");
    return parseTransport(name, kind, settings);
  }
  const stored = before && isRelay(before.kind) ? ((before as RelayTransport).settings.auth?.password ?? "") : "";
  const kept = clearPassword ? "" : stored;
  return parseTransport(name, kind, { ...settings, auth: { username, mechanisms, password: password || kept } });
}

// Audit entries mask the password by its key name; the record keeps where it sits (settings.auth.password).
const auditRecord = (spec: TransportSpec) => ({ kind: spec.kind, settings: spec.settings });

function view(row: Transport, routes: number, queued: number): TransportView {
  const spec = parseTransport(row.name, row.kind, row.settings);
  return { id: row.id, name: row.name, kind: spec.kind, settings: publicSettings(spec), createdAt: row.createdAt, routes, queued } as TransportView;
}

function publicSettings(spec: TransportSpec): TransportView["settings"] {
  if (!isRelay(spec.kind)) return spec.settings as TransportView["settings"];
  const { auth, ...rest } = (spec as RelayTransport).settings;
  return { ...rest, auth: auth ? { username: auth.username, mechanisms: auth.mechanisms, passwordSet: auth.password !== "" } : null };
}
