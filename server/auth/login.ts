// Password logins with an email address as the user name (webapi basic auth, later SMTP AUTH).
import { parseAddress } from "../address/parse";
import type { Db } from "../db/client";
import type { Account } from "../db/generated/client";
import { findAddressOwner } from "../store/address-owner";
import { randomBytes } from "node:crypto";
import { hashPassword, verifyPassword } from "./password";
import { ExpiringCache } from "../runtime/expiring-cache";

export type LoginResult =
  | { ok: true; account: Account; loginAddress: string }
  | { ok: false; reason: "badCredentials" }
  | { ok: false; reason: "loginDisabled"; message: string };

const BAD: LoginResult = { ok: false, reason: "badCredentials" };

// API clients repeat the same credentials on every call. A successful login is reused for a few seconds
// without looking at the database, so password changes, disabled logins and account settings apply to
// running clients within that time.
const REUSE_MS = 5_000;
// A login reused in its last second is read again in the background, so that clients sending the same
// credentials do not all miss together when it expires and wait on one verification.
const REFRESH_AHEAD_MS = 1_000;
// scrypt is slow on purpose and would dominate every call. A password that verified against a stored hash is
// remembered longer; a changed password has a new hash and misses at once.
const VERIFIED_MS = 5 * 60_000;

// Unknown users are checked against this hash of a random password, so that a wrong password costs one scrypt
// whether or not the user exists and the time of the answer does not tell which addresses are real.
let dummyHash: Promise<string> | undefined;
const unknownUserHash = () => (dummyHash ??= hashPassword(randomBytes(18).toString("base64")));

// The address a login names, and who receives it; null when the user name is no address or nobody's.
export async function loginOwner(db: Db, username: string): Promise<{ accountId: number } | null> {
  let address;
  try {
    address = parseAddress(username);
  } catch {
    return null;
  }
  return findAddressOwner(db, address);
}

export type ReusedLogin = { result: LoginResult; refresh: boolean };

export class LoginVerifier {
  private readonly verified: ExpiringCache<true>;
  private readonly recent: ExpiringCache<{ result: LoginResult; readAt: number }>;

  constructor(
    private readonly db: Db,
    private readonly check: (password: string, hash: string) => Promise<boolean> = verifyPassword,
    private readonly clock: () => number = Date.now,
  ) {
    this.verified = new ExpiringCache<true>(VERIFIED_MS, clock);
    this.recent = new ExpiringCache<{ result: LoginResult; readAt: number }>(REUSE_MS, clock);
  }

  // A login that succeeded moments ago with the same credentials, reused without verifying a password; refresh
  // says it is time to read it again (fresh()).
  reused(username: string, password: string): ReusedLogin | undefined {
    const hit = this.recent.get(username, password);
    return hit && { result: hit.result, refresh: this.clock() - hit.readAt >= REUSE_MS - REFRESH_AHEAD_MS };
  }

  async verify(username: string, password: string): Promise<LoginResult> {
    return this.recent.get(username, password)?.result ?? this.fresh(username, password);
  }

  // Reads the login again whether or not it is remembered. One that no longer succeeds (a changed password, a
  // disabled login) is forgotten at once.
  async fresh(username: string, password: string): Promise<LoginResult> {
    const readAt = this.clock();
    const result = await this.lookup(username, password);
    if (result.ok) this.recent.setReadAt(readAt, { result, readAt }, username, password);
    else this.recent.delete(username, password);
    return result;
  }

  private async lookup(username: string, password: string): Promise<LoginResult> {
    const owner = await loginOwner(this.db, username);
    const account = owner ? await this.db.account.findUnique({ where: { id: owner.accountId }, include: { credential: { select: { passwordHash: true } } } }) : null;
    const hash = account?.credential?.passwordHash;
    if (!account || !hash) {
      await this.check(password, await unknownUserHash());
      return BAD;
    }
    if (!(await this.passwordMatches(hash, password))) return BAD;
    if (account.loginDisabled) return { ok: false, reason: "loginDisabled", message: account.loginDisabled };
    const { credential: _credential, ...row } = account;
    return { ok: true, account: row, loginAddress: username };
  }

  private async passwordMatches(hash: string, password: string): Promise<boolean> {
    if (this.verified.get(hash, password)) return true;
    if (!(await this.check(password, hash))) return false;
    this.verified.set(true, hash, password);
    return true;
  }
}
