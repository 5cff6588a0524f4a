import { isIPv4, isIPv6 } from "node:net";

// "::ffff:192.0.2.1" (an IPv4 client on a dual-stack socket) is the IPv4 address it carries.
export function unmapIPv4(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

function ipv6Groups(ip: string): number[] {
  const [head = "", tail] = ip.split("::");
  const parse = (s: string) => (s ? s.split(":").flatMap(group) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

// An embedded IPv4 tail ("::1.2.3.4") counts as two groups.
function group(s: string): number[] {
  if (!s.includes(".")) return [parseInt(s, 16)];
  const [a = 0, b = 0, c = 0, d = 0] = s.split(".").map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

// The network an address belongs to at a prefix length, in CIDR notation: ("192.0.2.77", 26) is
// "192.0.2.64/26". Throws for strings that are not IP addresses.
export function networkOf(ip: string, bits: number): string {
  const addr = unmapIPv4(ip);
  if (isIPv4(addr)) {
    const n = addr.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
    const masked = bits === 0 ? 0 : Math.floor(n / 2 ** (32 - bits)) * 2 ** (32 - bits);
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(masked / 2 ** shift) % 256);
    return `${octets.join(".")}/${bits}`;
  }
  if (!isIPv6(addr)) throw new Error(`not an IP address: ${ip}`);
  const groups = ipv6Groups(addr.replace(/%.*$/, "")).map((g, i) => {
    const keep = Math.max(0, Math.min(16, bits - i * 16));
    return keep === 0 ? 0 : g & (0xffff << (16 - keep)) & 0xffff;
  });
  return `${groups.map((g) => g.toString(16)).join(":")}/${bits}`;
}

export function isIPv4Address(ip: string): boolean {
  return isIPv4(unmapIPv4(ip));
}

// 127.0.0.0/8 and ::1, also as IPv4-mapped addresses.
export function isLoopback(ip: string): boolean {
  const addr = unmapIPv4(ip);
  if (isIPv4(addr)) return addr.startsWith("127.");
  return isIPv6(addr) && networkOf(addr, 128) === "0:0:0:0:0:0:0:1/128";
}
