// API-key logins for the webapi: an address of the account as the user name and the key as the password. The
// key's row is read again at least every 5 seconds (the same reuse as password logins), so a revoked key, a
// changed scope or a disabled login applies on every process within that time. Last use is written at most
// once a minute per key, so a busy client does not turn every call into a write.
import { apiKeyMatches, apiKeyPrefix } from "../api-key/key";
import type { ApiKeyGrant, ApiKeyScope } from "../api-key/scopes";
import type { Db } from "../db/client";
import type { Account } from "../db/generated/client";
import { ExpiringCache } from "../runtime/expiring-cache";
import { loginOwner } from "./login";

export type KeyLoginResult =
  | { ok: true; account: Account; loginAddress: string; apiKey: ApiKeyGrant }
  | { ok: false; reason: "badCredentials" }
  | { ok: false; reason: "loginDisabled"; message: string };

const BAD: KeyLoginResult = { ok: false, reason: "badCredentials" };
export const KEY_REUSE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;

export const looksLikeApiKey = (password: string) => apiKeyPrefix(password) !== null;

export class ApiKeyVerifier {
  private readonly recent: ExpiringCache<KeyLoginResult>;

  constructor(
    private readonly db: Db,
    private readonly clock: () => number = Date.now,
  ) {
    // lru-cache keeps an entry while its age is at most the ttl: at KEY_REUSE_MS it is gone.
    this.recent = new ExpiringCache<KeyLoginResult>(KEY_REUSE_MS - 1, clock);
  }

  reused(username: string, key: string): KeyLoginResult | undefined {
    return this.recent.get(username, key);
  }

  async verify(username: string, key: string, now: Date): Promise<KeyLoginResult> {
    const reused = this.reused(username, key);
    if (reused) return reused;
    const readAt = this.clock();
    const result = await this.lookup(username, key, now);
    if (result.ok) this.recent.setReadAt(readAt, result, username, key);
    return result;
  }

  private async lookup(username: string, key: string, now: Date): Promise<KeyLoginResult> {
    const prefix = apiKeyPrefix(key);
    const row = prefix ? await this.db.apiKey.findUnique({ where: { prefix }, include: { account: true } }) : null;
    if (!row || !apiKeyMatches(key, row.keyHash)) return BAD;
    // Any of the key's account's addresses; another account's address with this key is a wrong login.
    const owner = await loginOwner(this.db, username);
    if (owner?.accountId !== row.accountId) return BAD;
    if (row.account.loginDisabled) return { ok: false, reason: "loginDisabled", message: row.account.loginDisabled };
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) await this.touch(row.id, now);
    const apiKey = { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes as ApiKeyScope[], domains: row.domains };
    return { ok: true, account: row.account, loginAddress: username, apiKey };
  }

  // Conditional, so processes reading the same old time write it once between them.
  private async touch(id: number, now: Date): Promise<void> {
    const stale = new Date(now.getTime() - LAST_USED_EVERY_MS);
    await this.db.apiKey.updateMany({ where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }] }, data: { lastUsedAt: now } });
  }
}
