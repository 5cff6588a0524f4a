import { describe, expect, it } from "vitest";
import { simulatedFailure } from "../../server/queue/localserve-delivery";
import { domainListMatches, routeMatches } from "../../server/queue/routes";

describe("route domain lists (spec 10)", () => {
  it("match everything when empty, exact names, and dotted suffixes with and without the dot", () => {
    expect(domainListMatches([], "any.example")).toBe(true);
    expect(domainListMatches(["example.com"], "example.com")).toBe(true);
    expect(domainListMatches(["example.com"], "a.example.com")).toBe(false);
    expect(domainListMatches([".example.com"], "example.com")).toBe(true);
    expect(domainListMatches([".example.com"], "a.b.example.com")).toBe(true);
    expect(domainListMatches([".example.com"], "badexample.com")).toBe(false);
    expect(domainListMatches(["Example.COM"], "example.com")).toBe(true);
    expect(domainListMatches(["other.example", ".example.com"], "x.example.com")).toBe(true);
  });

  it("need at least MinimumAttempts previous attempts and both domain lists to match", () => {
    const route = { fromDomains: ["mox.example"], toDomains: [".remote.example"], minimumAttempts: 2 };
    const m = { senderAccount: "mjl", senderDomain: "mox.example", recipientDomain: "mx.remote.example", transport: "" };
    expect(routeMatches(route, { ...m, previousAttempts: 1 })).toBe(false);
    expect(routeMatches(route, { ...m, previousAttempts: 2 })).toBe(true);
    expect(routeMatches(route, { ...m, senderDomain: "other.example", previousAttempts: 2 })).toBe(false);
    expect(routeMatches(route, { ...m, recipientDomain: "elsewhere.example", previousAttempts: 5 })).toBe(false);
  });
});

describe("localserve simulated failures (spec 9)", () => {
  it("follow the recipient localpart's suffix", () => {
    expect(simulatedFailure("mox")).toBeNull();
    expect(simulatedFailure("xtemperror")).toMatchObject({ code: 451, permanent: false });
    expect(simulatedFailure("queuepermerror")).toMatchObject({ code: 550, permanent: true, secode: "1.1" });
    expect(simulatedFailure("xtimeout")).toMatchObject({ code: 0, permanent: false });
    expect(simulatedFailure("x421")).toMatchObject({ code: 421, permanent: false });
    expect(simulatedFailure("x552")).toMatchObject({ code: 552, permanent: true });
    expect(simulatedFailure("x399")).toBeNull();
    expect(simulatedFailure("x600")).toBeNull();
    expect(simulatedFailure("xPermError")).toMatchObject({ code: 550 });
  });
});
