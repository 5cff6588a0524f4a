// Client addresses and the networks around them, with ipaddr.js doing the parsing and the masking.
import ipaddr from "ipaddr.js";

// "::ffff:192.0.2.1" (an IPv4 client on a dual-stack socket) is the IPv4 address it carries.
export function unmapIPv4(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

// A string that is an IPv4 or IPv6 address in its usual notation (no zone), IPv4-mapped IPv6 as the IPv4 one.
function parseClient(ip: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const addr = unmapIPv4(ip).replace(/%.*$/, "");
  if (!ipaddr.IPv4.isValidFourPartDecimal(addr) && !ipaddr.IPv6.isValid(addr)) throw new Error(`not an IP address: ${ip}`);
  return ipaddr.parse(addr);
}

// The network an address belongs to at a prefix length, in CIDR notation: ("192.0.2.77", 26) is
// "192.0.2.64/26", IPv6 written out in full without leading zeros ("2001:db8:0:0:0:0:0:0/64"), the form the
// failed-auth counts are stored under. Throws for strings that are not IP addresses.
export function networkOf(ip: string, bits: number): string {
  const addr = parseClient(ip);
  const network = addr.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${bits}`) : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toNormalizedString()}/${bits}`);
  return `${network.toNormalizedString()}/${bits}`;
}

export function isIPv4Address(ip: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(unmapIPv4(ip));
}

// 127.0.0.0/8 and ::1, also as IPv4-mapped addresses.
export function isLoopback(ip: string): boolean {
  try {
    return parseClient(ip).range() === "loopback";
  } catch {
    return false;
  }
}
