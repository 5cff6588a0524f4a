import { randomBytes } from "node:crypto";
import { parseAddress } from "./parse";

// A fromid makes each recipient's envelope sender unique, so a DSN can be matched to the message it is about
// (spec 6): 16 random bytes as 22 characters of base64url.
export function newFromId(): string {
  return randomBytes(16).toString("base64url");
}

// Fromids are used when the client logged in with exactly one of the account's fromid login addresses.
export function isFromIdLogin(fromIdLoginAddresses: string[], loginAddress: string): boolean {
  if (fromIdLoginAddresses.length === 0) return false;
  let login;
  try {
    login = parseAddress(loginAddress);
  } catch {
    return false;
  }
  return fromIdLoginAddresses.some((a) => {
    try {
      const listed = parseAddress(a);
      return listed.localpart === login.localpart && listed.domain.ascii === login.domain.ascii;
    } catch {
      return false;
    }
  });
}

// The fromid in a localpart is what follows the domain's first catchall separator ("" when none).
export function fromIdInLocalpart(localpart: string, separators: string[]): string {
  const separator = separators[0];
  const at = separator ? localpart.indexOf(separator) : -1;
  return at < 0 ? "" : localpart.slice(at + separator!.length);
}
