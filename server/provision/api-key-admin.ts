// An account's API keys as its user (the account page) and ops (the CLI) manage them: list, make (the key is
// returned this once), revoke. Each change is audited; the audit entry names the key, never its secret.
import { parseDomain } from "../address/domain";
import { audited, type Actor } from "../audit/audit-log";
import type { Db, Tx } from "../db/client";
import { Prisma, type ApiKey } from "../db/generated/client";
import { AppError } from "../errors";
import { findAccount } from "./account-change";
import { generateApiKey } from "../api-key/key";
import type { ApiKeyCreateInput } from "../api-key/schemas";
import type { ApiKeyScope } from "../api-key/scopes";

const MAX_KEYS = 100;

export type ApiKeyView = { id: number; name: string; prefix: string; scopes: ApiKeyScope[]; domains: string[]; createdAt: Date; lastUsedAt: Date | null };

const view = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes as ApiKeyScope[],
  domains: k.domains,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
});
const auditView = (k: ApiKey) => ({ name: k.name, prefix: k.prefix, scopes: k.scopes, domains: k.domains });

export async function apiKeyList(db: Db, account: string): Promise<ApiKeyView[]> {
  const { id } = await findAccount(db, account);
  return (await db.apiKey.findMany({ where: { accountId: id }, orderBy: { id: "asc" } })).map(view);
}

// The domains a key may be limited to: those the account has addresses on.
export async function apiKeyDomains(db: Db | Tx, accountId: number): Promise<{ name: string; unicodeName: string }[]> {
  return db.domain.findMany({ where: { addresses: { some: { accountId } } }, select: { name: true, unicodeName: true }, orderBy: { name: "asc" } });
}

export async function apiKeyCreate(db: Db, actor: Actor, account: string, input: ApiKeyCreateInput): Promise<{ key: ApiKeyView; secret: string }> {
  const made = generateApiKey();
  try {
    return await audited(db, actor, "apiKey.add", async (tx) => {
      const owner = await findAccount(tx, account);
      const domains = await ownDomains(tx, owner.id, input.domains);
      if (await tx.apiKey.findUnique({ where: { accountId_name: { accountId: owner.id, name: input.name } } })) throw nameTaken(input.name);
      if ((await tx.apiKey.count({ where: { accountId: owner.id } })) >= MAX_KEYS) {
        throw new AppError("error", `an account has at most ${MAX_KEYS} API keys: revoke one first`);
      }
      const row = await tx.apiKey.create({ data: { accountId: owner.id, name: input.name, prefix: made.prefix, keyHash: made.keyHash, scopes: input.scopes, domains } });
      return { result: { key: view(row), secret: made.key }, target: account, after: auditView(row) };
    });
  } catch (err) {
    // Two makes of the same name at once: the unique index refuses the second.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") throw nameTaken(input.name);
    throw err;
  }
}

const nameTaken = (name: string) => new AppError("exists", `a key named ${JSON.stringify(name)} exists already: choose another name`, "name");

// ASCII names, each checked to be a domain the account has an address on.
async function ownDomains(tx: Tx, accountId: number, given: string[]): Promise<string[]> {
  if (given.length === 0) return [];
  const own = new Set((await apiKeyDomains(tx, accountId)).map((d) => d.name));
  const names = new Set<string>();
  for (const input of given) {
    let ascii: string;
    try {
      ascii = parseDomain(input).ascii;
    } catch (err) {
      throw new AppError("badDomain", (err as Error).message, "domains");
    }
    if (!own.has(ascii)) throw new AppError("badDomain", `the account has no address on ${input}: a key can only be limited to its own domains`, "domains");
    names.add(ascii);
  }
  return [...names].sort();
}

// By id (the page) or by name or prefix (the CLI); another account's key is not found.
export async function apiKeyRevoke(db: Db, actor: Actor, account: string, which: { id: number } | { nameOrPrefix: string }): Promise<ApiKeyView> {
  return audited(db, actor, "apiKey.revoke", async (tx) => {
    const owner = await findAccount(tx, account);
    const where =
      "id" in which
        ? { id: which.id, accountId: owner.id }
        : { accountId: owner.id, OR: [{ name: which.nameOrPrefix }, { prefix: which.nameOrPrefix.replace(/^mrk_/, "").replace(/_…?$/, "") }] };
    const found = await tx.apiKey.findFirst({ where });
    if (!found) throw new AppError("notFound", `account ${account} has no API key ${"id" in which ? which.id : JSON.stringify(which.nameOrPrefix)} (revoked meanwhile?)`);
    await tx.apiKey.delete({ where: { id: found.id } });
    return { result: view(found), target: account, before: auditView(found) };
  });
}
