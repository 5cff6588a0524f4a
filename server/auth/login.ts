// Password logins with an email address as the user name (webapi basic auth, later SMTP AUTH).
import { parseAddress } from "../address/parse";
import type { Db } from "../db/client";
import { findAddressOwner } from "../store/address-owner";
import { verifyPassword } from "./password";
import { VerifiedCache } from "./verified-cache";

export type LoginResult =
  | { ok: true; accountId: number; loginAddress: string }
  | { ok: false; reason: "badCredentials" }
  | { ok: false; reason: "loginDisabled"; message: string };

const BAD: LoginResult = { ok: false, reason: "badCredentials" };

export class LoginVerifier {
  private readonly cache = new VerifiedCache();

  constructor(private readonly db: Db) {}

  async verify(username: string, password: string): Promise<LoginResult> {
    let address;
    try {
      address = parseAddress(username);
    } catch {
      return BAD;
    }
    const owner = await findAddressOwner(this.db, address);
    if (!owner) return BAD;
    const account = await this.db.account.findUnique({
      where: { id: owner.accountId },
      select: { loginDisabled: true, credential: { select: { passwordHash: true } } },
    });
    const hash = account?.credential?.passwordHash;
    if (!account || !hash || !(await this.passwordMatches(hash, password))) return BAD;
    if (account.loginDisabled) return { ok: false, reason: "loginDisabled", message: account.loginDisabled };
    return { ok: true, accountId: owner.accountId, loginAddress: username };
  }

  private async passwordMatches(hash: string, password: string): Promise<boolean> {
    if (this.cache.has(hash, password)) return true;
    if (!(await verifyPassword(password, hash))) return false;
    this.cache.add(hash, password);
    return true;
  }
}
