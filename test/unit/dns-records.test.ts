// The records a domain publishes, their zone-file form, the words of the DNS check, and the rotation guide.
import { describe, expect, it } from "vitest";
import { generateDkimKey } from "../../server/dkim/sign";
import { proposeSelector, rotationStep, type PublicDkimKey } from "../../server/dkim/keys";
import { checkDns } from "../../server/dns/check";
import { dnsRecords, mtaStsId, txtStrings, zoneFile, type RecordsInput } from "../../server/dns/records";
import { staticResolver, type Resolver } from "../../server/net/resolver";

const rsa = generateDkimKey("rsa");
const ed = generateDkimKey("ed25519");
const input: RecordsInput = {
  domain: "mox.example",
  hostname: "mail.mox.example",
  keys: [
    { selector: "r1", algorithm: "rsa", publicKeyDns: rsa.publicKeyDns },
    { selector: "e1", algorithm: "ed25519", publicKeyDns: ed.publicKeyDns },
  ],
};

describe("dnsRecords", () => {
  it("lists MX, SPF, one DKIM TXT per selector, DMARC, MTA-STS and TLSRPT", () => {
    const records = dnsRecords(input);
    expect(records.map((r) => [r.id, r.type, r.name])).toEqual([
      ["mx", "MX", "mox.example"],
      ["spf", "TXT", "mox.example"],
      ["dkim:r1", "TXT", "r1._domainkey.mox.example"],
      ["dkim:e1", "TXT", "e1._domainkey.mox.example"],
      ["dmarc", "TXT", "_dmarc.mox.example"],
      ["mta-sts", "TXT", "_mta-sts.mox.example"],
      ["mta-sts-host", "CNAME", "mta-sts.mox.example"],
      ["tlsrpt", "TXT", "_smtp._tls.mox.example"],
    ]);
    expect(records.find((r) => r.id === "mx")!.value).toBe("10 mail.mox.example.");
    expect(records.find((r) => r.id === "dkim:e1")!.value).toBe(`v=DKIM1; k=ed25519; p=${ed.publicKeyDns}`);
    expect(records.find((r) => r.id === "mta-sts")!.value).toMatch(/^v=STSv1; id=[0-9a-f]{20}$/);
  });

  it("gives the MTA-STS policy an id that changes with the policy", () => {
    expect(mtaStsId("mail.mox.example")).toBe(mtaStsId("mail.mox.example"));
    expect(mtaStsId("mail.mox.example")).not.toBe(mtaStsId("other.mox.example"));
  });
});

describe("zoneFile", () => {
  it("splits long TXT values into strings of at most 255 bytes", () => {
    expect(txtStrings("a".repeat(600)).map((s) => s.length)).toEqual([255, 255, 90]);
    expect(txtStrings("")).toEqual([""]);
    const zone = zoneFile(dnsRecords(input));
    const line = zone.split("\n").find((l) => l.startsWith("r1._domainkey."))!;
    const strings = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(strings.length).toBeGreaterThan(1);
    expect(strings.every((s) => Buffer.byteLength(s) <= 255)).toBe(true);
    expect(strings.join("")).toBe(`v=DKIM1; k=rsa; p=${rsa.publicKeyDns}`);
    expect(zone).toMatch(/^mox\.example\.\s+IN MX\s+10 mail\.mox\.example\.$/m);
    expect(zone).toMatch(/^mta-sts\.mox\.example\.\s+IN CNAME\s+mail\.mox\.example\.$/m);
    expect(zone).toMatch(/^_dmarc\.mox\.example\.\s+IN TXT\s+"v=DMARC1; p=reject; rua=mailto:postmaster@mox\.example"$/m);
  });
});

describe("checkDns", () => {
  const verdicts = async (resolver: Resolver) => Object.fromEntries((await checkDns(resolver, input)).map((v) => [v.id, v]));
  const all = dnsRecords(input);
  const txtOf = (id: string) => all.find((r) => r.id === id)!;
  // Everything published as suggested; the DKIM rsa record split into strings, as DNS servers hand it out.
  const correct = {
    mx: { "mox.example": [{ exchange: "mail.mox.example.", priority: 10 }] },
    a: { "mail.mox.example": ["192.0.2.1"], "mta-sts.mox.example": ["192.0.2.1"] },
    txt: {
      "mox.example": [["google-site-verification=x"], ["v=spf1 mx ~all"]],
      "r1._domainkey.mox.example": [txtStrings(txtOf("dkim:r1").value)],
      "e1._domainkey.mox.example": [[txtOf("dkim:e1").value]],
      "_dmarc.mox.example": [[txtOf("dmarc").value]],
      "_mta-sts.mox.example": [[txtOf("mta-sts").value]],
      "_smtp._tls.mox.example": [[txtOf("tlsrpt").value]],
    },
  };

  it("finds every suggested record correct", async () => {
    const v = await verdicts(staticResolver(correct));
    expect(Object.values(v).map((x) => [x.id, x.status])).toEqual(all.map((r) => [r.id, "ok"]));
    expect(v["dkim:r1"]!.message).toBe("DKIM record for selector r1 matches the key.");
    expect(v.spf!.message).toBe("SPF record allows this server (mx).");
  });

  it("says what is missing when nothing is published", async () => {
    const v = await verdicts(staticResolver({}));
    expect(Object.values(v).every((x) => x.status === "missing")).toBe(true);
    expect(v.spf!.message).toBe("No SPF record at mox.example: publish the TXT above.");
    expect(v["dkim:e1"]!.message).toMatch(/^No DKIM record for selector e1 at e1\._domainkey\.mox\.example/);
    expect(v["mta-sts-host"]!.message).toBe("No address for mta-sts.mox.example: publish the CNAME above.");
  });

  it("says what is wrong with records that are there", async () => {
    const v = await verdicts(
      staticResolver({
        mx: { "mox.example": [{ exchange: "mx.elsewhere.example", priority: 10 }] },
        a: { "mail.mox.example": ["192.0.2.1"], "mta-sts.mox.example": ["198.51.100.7"] },
        txt: {
          "mox.example": [["v=spf1 +all"]],
          "r1._domainkey.mox.example": [[`v=DKIM1; k=rsa; p=${generateDkimKey("rsa").publicKeyDns}`]],
          "e1._domainkey.mox.example": [[`v=DKIM1; k=rsa; p=${ed.publicKeyDns}`]],
          "_dmarc.mox.example": [["v=DMARC1; p=none"]],
          "_mta-sts.mox.example": [["v=STSv1; id=old"]],
          "_smtp._tls.mox.example": [["v=TLSRPTv1"]],
        },
      }),
    );
    expect(v.mx).toMatchObject({ status: "wrong", message: "MX records point to mx.elsewhere.example, not to mail.mox.example: mail for mox.example goes elsewhere." });
    expect(v.spf).toMatchObject({ status: "wrong", message: expect.stringMatching(/allows every server/) });
    expect(v["dkim:r1"]).toMatchObject({ status: "wrong", message: "DKIM record for r1 has a different public key: replace it with the TXT above." });
    expect(v["dkim:e1"]).toMatchObject({ status: "wrong", message: expect.stringMatching(/says k=rsa, but the key is ed25519/) });
    expect(v.dmarc).toMatchObject({ status: "warning", message: expect.stringMatching(/policy none/) });
    expect(v["mta-sts"]).toMatchObject({ status: "warning", message: expect.stringMatching(/with id old/) });
    expect(v["mta-sts-host"]).toMatchObject({ status: "wrong", found: ["198.51.100.7"] });
    expect(v.tlsrpt).toMatchObject({ status: "wrong" });
  });

  it("accepts an SPF record naming the server's address, refuses one without it, and flags two records", async () => {
    const spf = async (...txt: string[]) => (await verdicts(staticResolver({ ...correct, txt: { "mox.example": txt.map((t) => [t]) } }))).spf!;
    expect(await spf("v=spf1 ip4:192.0.2.1 -all")).toMatchObject({ status: "ok" });
    expect(await spf("v=spf1 ip4:203.0.113.9 -all")).toMatchObject({ status: "wrong", message: expect.stringMatching(/^SPF record found but does not allow this server \(mx missing\)/) });
    expect(await spf("v=spf1 -mx -all")).toMatchObject({ status: "wrong" });
    expect(await spf("v=spf1 include:_spf.provider.example -all")).toMatchObject({ status: "warning" });
    expect(await spf("v=spf1 mx -all", "v=spf1 a -all")).toMatchObject({ status: "wrong", message: expect.stringMatching(/^2 SPF records/) });
  });

  it("reports a lookup failure as such, not as a missing record", async () => {
    const failing: Resolver = { ...staticResolver(correct), resolveTxt: () => Promise.reject(Object.assign(new Error("queryTxt ESERVFAIL"), { code: "ESERVFAIL" })) };
    const v = await verdicts(failing);
    expect(v.spf).toMatchObject({ status: "failed", message: "Looking up TXT at mox.example failed (ESERVFAIL); try the check again later." });
    expect(v["dkim:r1"]!.status).toBe("failed");
    expect(v.mx!.status).toBe("ok");
  });
});

describe("rotation", () => {
  const key = (selector: string, sign: boolean, day: number): PublicDkimKey => ({ selector, algorithm: "ed25519", publicKeyDns: "x", sign, createdAt: new Date(Date.UTC(2024, 0, day)) });

  it("walks from a new selector through publishing and switching to retiring the old", () => {
    expect(rotationStep([], new Set()).action).toBe("generate");
    expect(rotationStep([key("a", true, 1)], new Set())).toMatchObject({ step: 2, action: "publish", selector: "a" });
    expect(rotationStep([key("a", true, 1)], new Set(["a"]))).toMatchObject({ step: 0, action: "rotate" });
    expect(rotationStep([key("a", true, 1), key("b", false, 2)], new Set(["a"]))).toMatchObject({ step: 2, selector: "b" });
    expect(rotationStep([key("a", true, 1), key("b", false, 2)], new Set(["a", "b"]))).toMatchObject({ step: 3, action: "switch", selector: "b" });
    expect(rotationStep([key("a", false, 1), key("b", true, 2)], new Set(["a", "b"]))).toMatchObject({ step: 4, action: "retire", selector: "a" });
    expect(rotationStep([key("a", false, 1)], new Set(["a"]))).toMatchObject({ step: 3, action: "switch", selector: "a" });
  });

  it("proposes dated selectors not yet taken", () => {
    const now = new Date("2024-05-06T12:00:00Z");
    expect(proposeSelector([], now)).toBe("20240506a");
    expect(proposeSelector(["20240506a", "20240506b"], now)).toBe("20240506c");
  });
});
