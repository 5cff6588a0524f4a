// The one authentication service: webapi calls, SMTP AUTH and web logins all check passwords here, behind the
// same failed-auth limiter, so an attacker's failures on one surface count on every other.
import { verifyPassword } from "./password";
import { checkAuthLimit, recordAuthFailure, resetAuthFailures } from "./failed-auth-limiter";
import { LoginVerifier, type LoginResult } from "./login";
import type { Db } from "../db/client";

export type RateLimited = { ok: false; reason: "rateLimited" };
export type AccountAuthResult = LoginResult | RateLimited;
export type AdminAuthResult = { ok: true } | { ok: false; reason: "badCredentials" } | RateLimited;

const RATE_LIMITED: RateLimited = { ok: false, reason: "rateLimited" };

export class Authenticator {
  private readonly logins: LoginVerifier;

  constructor(private readonly db: Db) {
    this.logins = new LoginVerifier(db);
  }

  // An account by one of its email addresses.
  account(ip: string, username: string, password: string, now = new Date()): Promise<AccountAuthResult> {
    return this.limited(ip, now, () => this.logins.verify(username, password));
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
    const limit = await checkAuthLimit(this.db, ip, now);
    if (!limit.allowed) return RATE_LIMITED;
    const result = await check();
    if (!result.ok && result.reason === "badCredentials") await recordAuthFailure(this.db, ip, now);
    if (result.ok && limit.ownFailures) await resetAuthFailures(this.db, ip);
    return result;
  }
}
