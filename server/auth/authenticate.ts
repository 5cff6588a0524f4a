// The one authentication service: webapi calls, SMTP AUTH and web logins all check passwords here, and webapi
// calls also API keys, behind the same failed-auth limiter, so an attacker's failures on one surface count on
// every other.
import { verifyPassword } from "./password";
import { checkAuthLimit, releaseAuthAttempt, reserveAuthAttempt, resetAuthFailures } from "./failed-auth-limiter";
import { LoginVerifier, type LoginResult } from "./login";
import { ApiKeyVerifier, looksLikeApiKey, type KeyLoginResult } from "./api-key-login";
import type { ApiKeyGrant } from "../api-key/scopes";
import type { Db } from "../db/client";
import type { Account } from "../db/generated/client";
import { ExpiringCache } from "../runtime/expiring-cache";
import { SingleFlight } from "../runtime/single-flight";

export type RateLimited = { ok: false; reason: "rateLimited" };
export type AccountAuthResult = LoginResult | RateLimited;
// A webapi login: with the account's password (apiKey null) or with one of its API keys.
export type WebapiAuthResult =
  | { ok: true; account: Account; loginAddress: string; apiKey: ApiKeyGrant | null }
  | Exclude<LoginResult, { ok: true }>
  | RateLimited;
export type AdminAuthResult = { ok: true } | { ok: false; reason: "badCredentials" } | RateLimited;

const RATE_LIMITED: RateLimited = { ok: false, reason: "rateLimited" };

// A client reusing remembered credentials reads the limiter at most once per second of the clock: that read was a
// third of a Send's statements. A network that goes over its limit through another process is refused within a
// second; through this one, at once (a failure here forgets what was read).
const LIMIT_READ_MS = 1000;

export class Authenticator {
  private readonly logins: LoginVerifier;
  // A client opening many connections at once sends the same credentials on each: they share one verification
  // and one attempt of the limiter, instead of each taking an attempt and a password check.
  private readonly verifying = new SingleFlight<AccountAuthResult>();
  // Keys have their own, so that a key never passes for a password (SMTP AUTH and web logins take no keys).
  private readonly keys: ApiKeyVerifier;
  private readonly verifyingKeys = new SingleFlight<KeyLoginResult | RateLimited>();
  private readonly limitReads = new ExpiringCache<boolean>(2 * LIMIT_READ_MS);

  constructor(
    private readonly db: Db,
    check?: (password: string, hash: string) => Promise<boolean>,
    clock?: () => number,
  ) {
    this.logins = new LoginVerifier(db, check, clock);
    this.keys = new ApiKeyVerifier(db);
  }

  // An account by one of its email addresses.
  account(ip: string, username: string, password: string, now = new Date()): Promise<AccountAuthResult> {
    const verify = () => this.verifying.run([ip, username, password], () => this.limited(ip, now, () => this.logins.fresh(username, password)));
    const reused = this.logins.reused(username, password);
    if (!reused) return verify();
    // Read again before it expires, while this call is answered from what was read.
    if (reused.refresh) verify().catch(() => undefined);
    return this.reuse(ip, now, reused.result);
  }

  // A webapi call: an API key when the password has a key's format, otherwise the account's password.
  async webapi(ip: string, username: string, password: string, now = new Date()): Promise<WebapiAuthResult> {
    if (!looksLikeApiKey(password)) {
      const login = await this.account(ip, username, password, now);
      return login.ok ? { ...login, apiKey: null } : login;
    }
    const reused = this.keys.reused(username, password);
    if (reused) return this.reuse(ip, now, reused);
    return this.verifyingKeys.run([ip, username, password], () => this.limited(ip, now, () => this.keys.verify(username, password, now)));
  }

  admin(ip: string, password: string, now = new Date()): Promise<AdminAuthResult> {
    return this.limited(ip, now, async () => {
      const row = await this.db.adminCredential.findUnique({ where: { id: 1 } });
      const ok = row !== null && (await verifyPassword(password, row.passwordHash));
      return ok ? { ok: true } : { ok: false, reason: "badCredentials" };
    });
  }

  // A client over the limit is refused before its password is looked at. Only wrong credentials count as
  // failures: a disabled login was a right password.
  private async limited<R extends { ok: boolean; reason?: string }>(ip: string, now: Date, check: () => Promise<R>): Promise<R | RateLimited> {
    const attempt = await reserveAuthAttempt(this.db, ip, now);
    if (!attempt.allowed) return RATE_LIMITED;
    let result: R;
    try {
      result = await check();
    } catch (err) {
      await releaseAuthAttempt(this.db, ip, now).catch(() => undefined);
      throw err;
    }
    if (result.ok || result.reason !== "badCredentials") await releaseAuthAttempt(this.db, ip, now);
    else this.limitReads.clear();
    if (result.ok && attempt.ownFailures) await resetAuthFailures(this.db, ip);
    return result;
  }

  // Credentials that verified moments ago: no password is checked, so nothing is counted, but the client is
  // refused like any other while over the limit.
  private async reuse<R extends LoginResult | KeyLoginResult>(ip: string, now: Date, result: R): Promise<R | RateLimited> {
    const second = String(Math.floor(now.getTime() / LIMIT_READ_MS));
    const allowed = this.limitReads.get(ip, second);
    if (allowed !== undefined) return allowed ? result : RATE_LIMITED;
    const limit = await checkAuthLimit(this.db, ip, now);
    if (limit.allowed && limit.ownFailures) await resetAuthFailures(this.db, ip);
    this.limitReads.set(limit.allowed, ip, second);
    return limit.allowed ? result : RATE_LIMITED;
  }
}
