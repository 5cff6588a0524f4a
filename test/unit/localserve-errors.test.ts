// Localserve's simulated SMTP failures (spec 9): the stage is chosen by the localpart's prefix.
import { describe, expect, it } from "vitest";
import { simulateLocalserveFailure } from "../../server/smtp/localserve-errors";

const reply = (localserve: boolean, localpart: string, stage: "mailfrom" | "rcptto" | "data") => {
  try {
    simulateLocalserveFailure(localserve, localpart, stage);
    return null;
  } catch (err) {
    return (err as { responseCode: number; message: string });
  }
};

describe("localserve failures", () => {
  it("fail at MAIL FROM or RCPT TO for those prefixes, and only there", () => {
    expect(reply(true, "mailfrompermerror", "mailfrom")).toMatchObject({ responseCode: 550, message: expect.stringMatching(/^5\.1\.1 /) });
    expect(reply(true, "mailfrompermerror", "data")).toBeNull();
    expect(reply(true, "rcptto451", "rcptto")).toMatchObject({ responseCode: 451, message: expect.stringMatching(/^4\.0\.0 /) });
    expect(reply(true, "rcptto451", "mailfrom")).toBeNull();
  });

  it("fail at DATA by suffix, unless the localpart starts with queue", () => {
    expect(reply(true, "xtemperror", "data")).toMatchObject({ responseCode: 451 });
    expect(reply(true, "xtimeout", "data")).toMatchObject({ responseCode: 451, message: expect.stringMatching(/^4\.4\.1 timeout/) });
    expect(reply(true, "queuepermerror", "data")).toBeNull();
    expect(reply(true, "mox", "data")).toBeNull();
  });

  it("do nothing outside localserve", () => {
    expect(reply(false, "xpermerror", "data")).toBeNull();
    expect(reply(false, "mailfrompermerror", "mailfrom")).toBeNull();
  });
});
