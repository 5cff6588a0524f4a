import { domainToASCII, domainToUnicode } from "node:url";
import { AppError } from "../errors";

export type DomainName = { ascii: string; unicode: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

// Accepts Unicode or ASCII names, returns both forms; "example.com." and "EXAMPLE.com" are the same domain.
export function parseDomain(input: string): DomainName {
  const trimmed = input.trim().replace(/\.$/, "");
  const ascii = trimmed ? domainToASCII(trimmed).toLowerCase() : "";
  if (!ascii || ascii.length > 253 || !ascii.split(".").every((label) => LABEL.test(label))) {
    throw new AppError("badDomain", `invalid domain name ${JSON.stringify(input)}`);
  }
  return { ascii, unicode: domainToUnicode(ascii) };
}
