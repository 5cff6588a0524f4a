import { formatAddress, type Address } from "../address/parse";

// The form under which an address is suppressed (spec 5): "Remote.Last-catchall@xn--74h.localhost" and
// "remotelast@☺.localhost" are one entry. Independent of any domain's catchall separators, because the
// recipient's domain is not ours and its rules are unknown.
export function baseAddress(address: Address): string {
  const localpart = address.localpart.split("+")[0]!.split("-")[0]!.replaceAll(".", "").toLowerCase();
  return formatAddress({ localpart, domain: address.domain }, "unicode");
}
