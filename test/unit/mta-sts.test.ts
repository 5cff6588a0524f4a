import { describe, expect, it, vi } from "vitest";
import { staticResolver, type Resolver } from "../../server/net/resolver";
import { mtaStsLookup, mxMatchesPolicy, type MtaStsPolicy } from "../../server/queue/mta-sts";
import { settableClock } from "../../server/runtime/clock";

const DOMAIN = "example.org";
const START = new Date("2025-01-01T00:00:00Z");

const policyText = (mode: string, maxAge = 86400, mx = ["mx1.example.org", "*.mail.example.org"]) =>
  ["version: STSv1", `mode: ${mode}`, ...mx.map((m) => `mx: ${m}`), `max_age: ${maxAge}`, ""].join("\r\n");

// A resolver whose TXT answer for the policy record can change between lookups.
function setup(opts: { id?: string | null; text?: string } = {}) {
  const records = { txt: {} as Record<string, string[][]> };
  const setId = (id: string | null) => {
    if (id === null) delete records.txt[`_mta-sts.${DOMAIN}`];
    else records.txt[`_mta-sts.${DOMAIN}`] = [[`v=STSv1; id=${id};`]];
  };
  setId(opts.id === undefined ? "one" : opts.id);
  const fetchPolicyText = vi.fn(async (_domain: string): Promise<string | null> => opts.text ?? policyText("enforce"));
  const clock = settableClock(START);
  const lookup = mtaStsLookup(staticResolver(records), { fetchPolicyText, clock });
  return { lookup, fetchPolicyText, clock, setId };
}

const failing = (code: string): Resolver => ({
  ...staticResolver({}),
  resolveTxt: () => Promise.reject(Object.assign(new Error(`queryTxt ${code}`), { code })),
});

describe("mtaStsLookup", () => {
  it("returns null without fetching when the domain publishes no record", async () => {
    const { lookup, fetchPolicyText } = setup({ id: null });
    expect(await lookup(DOMAIN)).toBeNull();
    expect(fetchPolicyText).not.toHaveBeenCalled();
  });

  it("fetches and parses the policy the record announces", async () => {
    const { lookup, fetchPolicyText } = setup({ id: "20250101" });
    expect(await lookup("Example.ORG.")).toEqual({
      id: "20250101",
      mode: "enforce",
      mx: ["mx1.example.org", "*.mail.example.org"],
      maxAge: 86400,
      expires: new Date(START.getTime() + 86400_000),
    });
    expect(fetchPolicyText).toHaveBeenCalledWith(DOMAIN);
  });

  it("returns testing and none policies as published", async () => {
    expect((await setup({ text: policyText("testing") }).lookup(DOMAIN))?.mode).toBe("testing");
    expect(await setup({ text: policyText("none", 600, []) }).lookup(DOMAIN)).toMatchObject({ mode: "none", mx: [] });
  });

  it("reuses the cached policy while the record id is unchanged", async () => {
    const { lookup, fetchPolicyText, clock } = setup();
    const first = await lookup(DOMAIN);
    clock.advance(3600_000);
    expect(await lookup(DOMAIN)).toEqual(first);
    expect(fetchPolicyText).toHaveBeenCalledTimes(1);
  });

  it("fetches again once the policy's max_age has passed", async () => {
    const { lookup, fetchPolicyText, clock } = setup({ text: policyText("enforce", 600) });
    await lookup(DOMAIN);
    clock.advance(600_000);
    const renewed = await lookup(DOMAIN);
    expect(fetchPolicyText).toHaveBeenCalledTimes(2);
    expect(renewed?.expires).toEqual(new Date(START.getTime() + 1_200_000));
  });

  it("fetches again when the record id changes", async () => {
    const { lookup, fetchPolicyText, setId } = setup();
    await lookup(DOMAIN);
    setId("two");
    expect((await lookup(DOMAIN))?.id).toBe("two");
    expect(fetchPolicyText).toHaveBeenCalledTimes(2);
  });

  it("keeps using the cached policy when a new one cannot be fetched, and waits before trying again", async () => {
    const { lookup, fetchPolicyText, clock, setId } = setup();
    const cached = await lookup(DOMAIN);
    setId("two");
    fetchPolicyText.mockRejectedValue(new Error("connection refused"));
    expect(await lookup(DOMAIN)).toEqual(cached);
    clock.advance(60_000);
    expect(await lookup(DOMAIN)).toEqual(cached);
    expect(fetchPolicyText).toHaveBeenCalledTimes(2);
    clock.advance(5 * 60_000);
    expect(await lookup(DOMAIN)).toEqual(cached);
    expect(fetchPolicyText).toHaveBeenCalledTimes(3);
  });

  it("treats an unfetchable or invalid policy as none when nothing is cached", async () => {
    const unreachable = setup();
    unreachable.fetchPolicyText.mockRejectedValue(new Error("certificate has expired"));
    expect(await unreachable.lookup(DOMAIN)).toBeNull();
    expect(await setup({ text: "version: STSv1\r\nmode: sometimes\r\n" }).lookup(DOMAIN)).toBeNull();
  });

  it("does not use a policy past its max_age when it cannot be refreshed", async () => {
    const { lookup, fetchPolicyText, clock } = setup({ text: policyText("enforce", 600) });
    await lookup(DOMAIN);
    clock.advance(600_000);
    fetchPolicyText.mockResolvedValue(null);
    expect(await lookup(DOMAIN)).toBeNull();
  });

  it("keeps a cached policy when the record disappears", async () => {
    const { lookup, setId } = setup();
    const cached = await lookup(DOMAIN);
    setId(null);
    expect(await lookup(DOMAIN)).toEqual(cached);
  });

  it("fails when the record cannot be looked up and nothing is cached", async () => {
    const lookup = mtaStsLookup(failing("ESERVFAIL"), { fetchPolicyText: () => Promise.reject(new Error("not called")) });
    await expect(lookup(DOMAIN)).rejects.toMatchObject({ code: "ESERVFAIL" });
  });

  it("keeps using the cached policy while the record cannot be looked up", async () => {
    const records = { txt: { [`_mta-sts.${DOMAIN}`]: [["v=STSv1; id=1"]] } };
    let txt = staticResolver(records).resolveTxt;
    const resolver: Resolver = { ...staticResolver(records), resolveTxt: (name) => txt(name) };
    const lookup = mtaStsLookup(resolver, { fetchPolicyText: async () => policyText("enforce") });
    const cached = await lookup(DOMAIN);
    txt = failing("ETIMEOUT").resolveTxt;
    expect(await lookup(DOMAIN)).toEqual(cached);
  });

  it("takes more than one record for no policy", async () => {
    const resolver = staticResolver({ txt: { [`_mta-sts.${DOMAIN}`]: [["v=STSv1; id=a"], ["v=STSv1; id=b"]] } });
    const fetchPolicyText = vi.fn(async () => policyText("enforce"));
    expect(await mtaStsLookup(resolver, { fetchPolicyText })(DOMAIN)).toBeNull();
    expect(fetchPolicyText).not.toHaveBeenCalled();
  });
});

describe("mxMatchesPolicy", () => {
  const policy: MtaStsPolicy = { id: "x", mode: "enforce", mx: ["mx.example.org", "*.mail.example.org"], maxAge: 60, expires: START };

  it.each<[string, boolean]>([
    ["mx.example.org", true],
    ["MX.Example.org.", true],
    ["a.mail.example.org", true],
    ["a.b.mail.example.org", false],
    ["mail.example.org", false],
    ["other.example.org", false],
    ["xmail.example.org", false],
  ])("%s matches: %s", (host, matches) => {
    expect(mxMatchesPolicy(host, policy)).toBe(matches);
  });
});
