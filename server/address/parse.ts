import { AppError } from "../errors";
import { parseDomain, type DomainName } from "./domain";

export type Address = { localpart: string; domain: DomainName };

// Control characters are excluded on purpose: they never belong in an address.
/* eslint-disable no-control-regex */
// Localparts are dot-atoms of printable characters, UTF-8 allowed (SMTPUTF8), or quoted strings.
const DOT_ATOM = /^[^\s"(),:;<>@[\\\]\x00-\x1f\x7f.]+(\.[^\s"(),:;<>@[\\\]\x00-\x1f\x7f.]+)*$/u;
const QUOTED = /^"([^"\\\x00-\x1f\x7f]|\\[\x20-\x7e])*"$/;
/* eslint-enable no-control-regex */

export function parseAddress(input: string): Address {
  const at = input.lastIndexOf("@");
  const localpart = at > 0 ? input.slice(0, at) : "";
  if (!localpart || localpart.length > 64 || !(DOT_ATOM.test(localpart) || QUOTED.test(localpart))) {
    throw new AppError("badAddress", `invalid email address ${JSON.stringify(input)}`);
  }
  try {
    return { localpart, domain: parseDomain(input.slice(at + 1)) };
  } catch {
    throw new AppError("badAddress", `invalid email address ${JSON.stringify(input)}`);
  }
}

export function formatAddress(a: Address, form: "ascii" | "unicode" = "unicode"): string {
  return `${a.localpart}@${form === "ascii" ? a.domain.ascii : a.domain.unicode}`;
}

// The localpart under which a domain knows an address: the part after the first catchall separator is cut,
// and case is folded unless the domain is case sensitive. "mox+x@localhost" is "mox".
export function canonicalLocalpart(localpart: string, domain: { localpartCatchallSeparators: string[]; localpartCaseSensitive: boolean }): string {
  let cut = localpart;
  for (const sep of domain.localpartCatchallSeparators) {
    const i = cut.indexOf(sep);
    if (sep && i >= 0) cut = cut.slice(0, i);
  }
  return domain.localpartCaseSensitive ? cut : cut.toLowerCase();
}
