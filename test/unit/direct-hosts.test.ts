import { describe, expect, it, vi } from "vitest";
import { staticResolver, type Resolver } from "../../server/net/resolver";
import { directDeliveryRoute } from "../../server/queue/direct-hosts";
import { mtaStsLookup, type MtaStsPolicy } from "../../server/queue/mta-sts";

const rejecting = (code: string) => () => Promise.reject(Object.assign(new Error(`query ${code}`), { code }));

const policy = (mode: MtaStsPolicy["mode"], mx: string[]): MtaStsPolicy => ({
  id: "1",
  mode,
  mx,
  maxAge: 86400,
  expires: new Date("2099-01-01T00:00:00Z"),
});

describe("directDeliveryRoute", () => {
  it("orders MX hosts by preference, normalising their names", async () => {
    const resolver = staticResolver({
      mx: {
        "example.com": [
          { exchange: "mx2.example.com", priority: 20 },
          { exchange: "MX1.Example.com.", priority: 10 },
        ],
      },
      a: { "mx1.example.com": ["192.0.2.1"], "mx2.example.com": ["192.0.2.2"] },
    });
    expect(await directDeliveryRoute(resolver, "Example.COM", {})).toEqual({
      ok: true,
      hosts: [
        { host: "mx1.example.com", ips: ["192.0.2.1"] },
        { host: "mx2.example.com", ips: ["192.0.2.2"] },
      ],
      policy: null,
    });
  });

  it("tries hosts of equal preference in random order, after lower preferences", async () => {
    const resolver = staticResolver({
      mx: {
        "example.com": [
          { exchange: "backup.example.com", priority: 20 },
          { exchange: "a.example.com", priority: 10 },
          { exchange: "b.example.com", priority: 10 },
        ],
      },
      a: { "a.example.com": ["192.0.2.1"], "b.example.com": ["192.0.2.2"], "backup.example.com": ["192.0.2.3"] },
    });
    const firsts = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const route = await directDeliveryRoute(resolver, "example.com", {});
      if (!route.ok) throw new Error(route.error);
      const names = route.hosts.map((h) => h.host);
      expect(names.slice(0, 2).sort()).toEqual(["a.example.com", "b.example.com"]);
      expect(names[2]).toBe("backup.example.com");
      firsts.add(names[0]!);
    }
    expect(firsts.size).toBe(2);
  });

  it("delivers to the domain itself when it has no MX but an address", async () => {
    const resolver = staticResolver({ a: { "example.com": ["192.0.2.1"] }, aaaa: { "example.com": ["2001:db8::1"] } });
    expect(await directDeliveryRoute(resolver, "example.com", {})).toEqual({
      ok: true,
      hosts: [{ host: "example.com", ips: ["192.0.2.1", "2001:db8::1"] }],
      policy: null,
    });
  });

  it("fails permanently for a null MX", async () => {
    for (const exchange of ["", "."]) {
      const resolver = staticResolver({ mx: { "example.com": [{ exchange, priority: 0 }] }, a: { "example.com": ["192.0.2.1"] } });
      expect(await directDeliveryRoute(resolver, "example.com", {})).toEqual({
        ok: false,
        permanent: true,
        error: "recipient domain example.com does not accept email (null mx)",
      });
    }
  });

  it("fails permanently for a domain without MX or address records", async () => {
    const route = await directDeliveryRoute(staticResolver({}), "nonexistent.example", {});
    expect(route).toMatchObject({ ok: false, permanent: true });
    expect(!route.ok && route.error).toMatch(/does not exist/);
  });

  it("fails temporarily when the MX lookup fails", async () => {
    const resolver: Resolver = { ...staticResolver({}), resolveMx: rejecting("ESERVFAIL") };
    expect(await directDeliveryRoute(resolver, "example.com", {})).toEqual({
      ok: false,
      permanent: false,
      error: "looking up mx records of example.com: ESERVFAIL",
    });
  });

  it("fails temporarily when there is no MX and the address lookup fails", async () => {
    const resolver: Resolver = { ...staticResolver({}), resolve4: rejecting("ETIMEOUT") };
    expect(await directDeliveryRoute(resolver, "example.com", {})).toMatchObject({ ok: false, permanent: false });
  });

  describe("address families", () => {
    const resolver = staticResolver({
      mx: { "example.com": [{ exchange: "mx.example.com", priority: 10 }] },
      a: { "mx.example.com": ["192.0.2.1"] },
      aaaa: { "mx.example.com": ["2001:db8::1"] },
    });
    const ips = async (opts: { disableIpv4?: boolean; disableIpv6?: boolean }) => {
      const route = await directDeliveryRoute(resolver, "example.com", opts);
      return route.ok ? route.hosts.map((h) => h.ips) : route;
    };

    it("dials IPv4 before IPv6", async () => {
      expect(await ips({})).toEqual([["192.0.2.1", "2001:db8::1"]]);
    });

    it("leaves out disabled families", async () => {
      expect(await ips({ disableIpv4: true })).toEqual([["2001:db8::1"]]);
      expect(await ips({ disableIpv6: true })).toEqual([["192.0.2.1"]]);
    });

    it("fails temporarily, not permanently, when a domain without MX has only disabled addresses", async () => {
      const v6only = staticResolver({ aaaa: { "example.com": ["2001:db8::1"] } });
      expect(await directDeliveryRoute(v6only, "example.com", { disableIpv6: true })).toMatchObject({ ok: false, permanent: false });
    });
  });

  it("skips hosts without addresses and IP literals", async () => {
    const resolver = staticResolver({
      mx: {
        "example.com": [
          { exchange: "192.0.2.9", priority: 5 },
          { exchange: "gone.example.com", priority: 10 },
          { exchange: "mx.example.com", priority: 20 },
        ],
      },
      a: { "mx.example.com": ["192.0.2.1"] },
    });
    const route = await directDeliveryRoute(resolver, "example.com", {});
    expect(route.ok && route.hosts).toEqual([{ host: "mx.example.com", ips: ["192.0.2.1"] }]);
  });

  it("fails temporarily, naming the hosts, when no host has an address", async () => {
    const resolver: Resolver = {
      ...staticResolver({
        mx: {
          "example.com": [
            { exchange: "mx1.example.com", priority: 10 },
            { exchange: "mx2.example.com", priority: 20 },
          ],
        },
      }),
      resolve6: (name) => (name === "mx2.example.com" ? rejecting("ESERVFAIL")() : staticResolver({}).resolve6(name)),
    };
    expect(await directDeliveryRoute(resolver, "example.com", {})).toEqual({
      ok: false,
      permanent: false,
      error: "no usable ip address for mx1.example.com (no address records), mx2.example.com (ESERVFAIL)",
    });
  });

  describe("MTA-STS", () => {
    const resolver = staticResolver({
      mx: {
        "example.org": [
          { exchange: "mx1.example.org", priority: 10 },
          { exchange: "a.b.example.org", priority: 20 },
          { exchange: "mx.elsewhere.example", priority: 30 },
        ],
      },
      a: { "mx1.example.org": ["192.0.2.1"], "a.b.example.org": ["192.0.2.2"], "mx.elsewhere.example": ["192.0.2.3"] },
    });
    const hostsOf = async (p: MtaStsPolicy) => {
      const route = await directDeliveryRoute(resolver, "example.org", { mtaSts: async () => p });
      return route.ok ? { hosts: route.hosts.map((h) => h.host), policy: route.policy } : route;
    };

    it("keeps only hosts an enforced policy allows, a wildcard standing for one label", async () => {
      const enforce = policy("enforce", ["*.example.org"]);
      expect(await hostsOf(enforce)).toEqual({ hosts: ["mx1.example.org"], policy: enforce });
    });

    it("fails temporarily when an enforced policy allows no host", async () => {
      const route = await hostsOf(policy("enforce", ["mx.example.net"]));
      expect(route).toMatchObject({ ok: false, permanent: false });
      expect("error" in route && route.error).toMatch(/mta-sts/);
    });

    it("keeps all hosts under a testing policy and returns it", async () => {
      const testing = policy("testing", ["mx.example.net"]);
      expect(await hostsOf(testing)).toEqual({ hosts: ["mx1.example.org", "a.b.example.org", "mx.elsewhere.example"], policy: testing });
    });

    it("ignores a policy with mode none", async () => {
      expect(await hostsOf(policy("none", []))).toMatchObject({ hosts: ["mx1.example.org", "a.b.example.org", "mx.elsewhere.example"], policy: null });
    });

    it("fails temporarily when the policy lookup fails", async () => {
      const route = await directDeliveryRoute(resolver, "example.org", { mtaSts: rejecting("ETIMEOUT") });
      expect(route).toEqual({ ok: false, permanent: false, error: "looking up mta-sts policy of example.org: ETIMEOUT" });
    });

    it("applies the policy mtaStsLookup finds", async () => {
      const withTxt = { ...resolver, resolveTxt: staticResolver({ txt: { "_mta-sts.example.org": [["v=STSv1; id=1"]] } }).resolveTxt };
      const fetchPolicyText = vi.fn(async () => "version: STSv1\nmode: enforce\nmx: mx.elsewhere.example\nmax_age: 86400\n");
      const route = await directDeliveryRoute(withTxt, "example.org", { mtaSts: mtaStsLookup(withTxt, { fetchPolicyText }) });
      expect(route.ok && route.hosts.map((h) => h.host)).toEqual(["mx.elsewhere.example"]);
      expect(fetchPolicyText).toHaveBeenCalledWith("example.org");
    });
  });
});
