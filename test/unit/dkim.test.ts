import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { describe, expect, it } from "vitest";
import { dkimSignatureHeaders, generateDkimKey, type DkimSigningKey } from "../../server/dkim/sign";
import { AppError } from "../../server/errors";
import { composeMessage } from "../../server/message/compose";
import { composeInput, mail } from "../helpers/compose";

const rsa = generateDkimKey("rsa");
const ed25519 = generateDkimKey("ed25519");
const keys: DkimSigningKey[] = [
  { selector: "rsasel", algorithm: "rsa", privateKeyPem: rsa.privateKeyPem, hash: "sha256", headers: [] },
  { selector: "edsel", algorithm: "ed25519", privateKeyPem: ed25519.privateKeyPem, hash: "sha256", headers: [] },
];
const records: Record<string, string> = {
  "rsasel._domainkey.mox.example": `v=DKIM1; k=rsa; p=${rsa.publicKeyDns}`,
  "edsel._domainkey.mox.example": `v=DKIM1; k=ed25519; p=${ed25519.publicKeyDns}`,
};
// Never real DNS: unknown names fail like NXDOMAIN.
async function resolver(name: string, type: string): Promise<string[][]> {
  const record = records[name];
  if (type !== "TXT" || !record) throw Object.assign(new Error(`no record for ${name}`), { code: "ENOTFOUND" });
  return [[record]];
}

function message(text = "Hello ☺\nsigned body\n"): Buffer {
  return composeMessage(
    composeInput({
      from: mail("Some Name", "mjl@mox.example"),
      to: [mail("Some Name", "rcpt@remote.example")],
      subject: "signed ☺ subject",
      date: { instant: new Date(), offsetMinutes: 0 },
      messageId: "<dkim@mox.example>",
      text,
      html: "<p>hi</p>",
    }),
  ).raw;
}

async function verify(signed: Buffer) {
  const { results } = await dkimVerify(signed, { resolver });
  return results.map((r) => [r.signingDomain, r.selector, r.status.result]);
}

describe("dkimSignatureHeaders", () => {
  it("gives nothing without keys", async () => {
    expect(await dkimSignatureHeaders(message(), "mox.example", [])).toBe("");
  });

  it("signs with rsa and ed25519 keys so that both verify", async () => {
    const raw = message();
    const headers = await dkimSignatureHeaders(raw, "mox.example", keys);
    expect(headers.match(/^DKIM-Signature:/gm)).toHaveLength(2);
    expect(headers).toMatch(/\r\n$/);
    expect(headers.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(headers).toMatch(/a=rsa-sha256;[\s\S]*a=ed25519-sha256;/);
    expect(await verify(Buffer.concat([Buffer.from(headers), raw]))).toEqual([
      ["mox.example", "rsasel", "pass"],
      ["mox.example", "edsel", "pass"],
    ]);
  });

  it("signs our default header list, or the key's own", async () => {
    // List-Id is in mailauth's own default list but not in ours.
    const raw = Buffer.concat([Buffer.from("List-Id: <list.mox.example>\r\n"), message()]);
    const signedFields = (headers: string) => /h=([^;]+);/.exec(headers.replace(/\r\n\s+/g, ""))?.[1]?.toLowerCase().split(/\s*:\s*/).sort();
    const defaults = await dkimSignatureHeaders(raw, "mox.example", [keys[1]!]);
    expect(signedFields(defaults)).toEqual(["content-type", "date", "from", "message-id", "mime-version", "subject", "to"]);
    const own = await dkimSignatureHeaders(raw, "mox.example", [{ ...keys[1]!, headers: ["From", "Subject"] }]);
    expect(signedFields(own)).toEqual(["from", "subject"]);
    expect(await verify(Buffer.concat([Buffer.from(own), raw]))).toEqual([["mox.example", "edsel", "pass"]]);
  });

  it("fails verification when the body was changed", async () => {
    const raw = message();
    const headers = await dkimSignatureHeaders(raw, "mox.example", keys);
    const tampered = Buffer.from(raw.toString().replace("signed body", "signed b0dy"));
    expect(tampered.equals(raw)).toBe(false);
    const results = await verify(Buffer.concat([Buffer.from(headers), tampered]));
    expect(results.map(([, , result]) => result)).toEqual(["neutral", "neutral"]);
  });

  it.each<[string, Partial<DkimSigningKey>]>([
    ["a broken private key", { privateKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }],
    ["a key of the other algorithm", { privateKeyPem: rsa.privateKeyPem }],
    ["an empty private key", { privateKeyPem: "" }],
  ])("turns %s into a server error", async (_, change) => {
    const attempt = dkimSignatureHeaders(message(), "mox.example", [{ ...keys[1]!, ...change }]);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "server", message: expect.stringMatching(/^dkim signing: /) });
  });
});

describe("generateDkimKey", () => {
  it("gives a raw 32-byte ed25519 key and an SPKI rsa key for DNS", () => {
    expect(Buffer.from(ed25519.publicKeyDns, "base64")).toHaveLength(32);
    expect(ed25519.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(Buffer.from(rsa.publicKeyDns, "base64").length).toBeGreaterThan(256);
    expect(rsa.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });
});
