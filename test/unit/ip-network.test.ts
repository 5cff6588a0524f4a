// Network strings are stored (failed-auth counts) and compared (connection counts): their form must not change.
import { describe, expect, it } from "vitest";
import { isIPv4Address, isLoopback, networkOf } from "../../server/net/ip-network";

describe("networkOf", () => {
  it("writes IPv4 networks in dotted CIDR", () => {
    expect(networkOf("192.0.2.77", 32)).toBe("192.0.2.77/32");
    expect(networkOf("192.0.2.77", 26)).toBe("192.0.2.64/26");
    expect(networkOf("198.51.100.200", 21)).toBe("198.51.96.0/21");
  });

  it("counts an IPv4-mapped IPv6 client as its IPv4 address", () => {
    expect(networkOf("::ffff:192.0.2.77", 26)).toBe("192.0.2.64/26");
    expect(isIPv4Address("::FFFF:10.0.0.1")).toBe(true);
  });

  it("writes IPv6 networks in full, lower case, without leading zeros", () => {
    expect(networkOf("2001:DB8:abcd:0012:34::1", 64)).toBe("2001:db8:abcd:12:0:0:0:0/64");
    expect(networkOf("2001:db8:abcd:12:34::1", 48)).toBe("2001:db8:abcd:0:0:0:0:0/48");
    expect(networkOf("fe80::1%eth0", 128)).toBe("fe80:0:0:0:0:0:0:1/128");
    expect(isIPv4Address("2001:db8::1")).toBe(false);
  });

  it("refuses what is not an address", () => {
    for (const bad of ["x", "1.2.3", "01.2.3.4", "2001:db8::g"]) expect(() => networkOf(bad, 32), bad).toThrow(/not an IP address/);
  });
});

describe("isLoopback", () => {
  it("is 127.0.0.0/8 and ::1, mapped or not", () => {
    for (const ip of ["127.0.0.1", "127.5.5.5", "::1", "::ffff:127.0.0.1"]) expect(isLoopback(ip), ip).toBe(true);
    for (const ip of ["10.0.0.1", "::", "2001:db8::1", "not an ip"]) expect(isLoopback(ip), ip).toBe(false);
  });
});
