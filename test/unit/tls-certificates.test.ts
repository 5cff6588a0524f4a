import { execFileSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, describe, expect, it } from "vitest";
import { StartupError } from "../../server/errors";
import { loadTlsCredentials } from "../../server/tls/credentials";
import { createSelfSignedCertificate } from "../../server/tls/self-signed";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

const localhost = createSelfSignedCertificate("localhost");
const mail = createSelfSignedCertificate("mail.example");

const scratch = mkdtempSync(path.join(tmpdir(), "mailroom-tls-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let scratchCount = 0;
function scratchDir(): string {
  const dir = path.join(scratch, String(++scratchCount));
  mkdirSync(dir);
  return dir;
}

// The certificate's dates are whole seconds.
function seconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

describe("createSelfSignedCertificate", () => {
  it("makes a server certificate for the hostname, signed by its own P-256 key", () => {
    const x509 = new X509Certificate(mail.cert);
    expect(x509.subject).toBe("CN=mail.example");
    expect(x509.issuer).toBe("CN=mail.example");
    expect(x509.subjectAltName).toBe("DNS:mail.example");
    expect(x509.checkHost("mail.example")).toBe("mail.example");
    expect(x509.checkHost("other.example")).toBeUndefined();
    expect(x509.checkIP("127.0.0.1")).toBeUndefined();
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.verify(new X509Certificate(localhost.cert).publicKey)).toBe(false);
    expect(x509.checkPrivateKey(createPrivateKey(mail.key))).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: "prime256v1" });
    expect(x509.ca).toBe(false);
    // Node names the extended key usage "keyUsage".
    expect(x509.keyUsage).toEqual([SERVER_AUTH]);
  });

  it("also names the loopback addresses for localhost", () => {
    const x509 = new X509Certificate(localhost.cert);
    expect(x509.subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
    expect(x509.checkHost("localhost")).toBe("localhost");
    expect(x509.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(x509.checkIP("::1")).toBe("::1");
  });

  it("is valid from an hour before now for the given number of days, 825 by default", () => {
    const now = new Date("2031-02-03T04:05:06.789Z");
    const validity = (cert: string) => {
      const x509 = new X509Certificate(cert);
      return [new Date(x509.validFrom).getTime(), new Date(x509.validTo).getTime()];
    };
    const notBefore = seconds(now.getTime() - HOUR_MS);
    expect(validity(createSelfSignedCertificate("mail.example", { now, days: 30 }).cert)).toEqual([notBefore, seconds(now.getTime() + 30 * DAY_MS)]);
    expect(validity(createSelfSignedCertificate("mail.example", { now }).cert)).toEqual([notBefore, seconds(now.getTime() + 825 * DAY_MS)]);
  });

  it("writes dates from 2050 on so that they are not read as 1950 and later", () => {
    // notBefore is in 2049 (UTCTime), notAfter in 2051 (GeneralizedTime).
    const now = new Date("2049-12-31T23:30:00Z");
    const x509 = new X509Certificate(createSelfSignedCertificate("mail.example", { now, days: 366 }).cert);
    expect(new Date(x509.validFrom).toISOString()).toBe("2049-12-31T22:30:00.000Z");
    expect(new Date(x509.validTo).toISOString()).toBe("2051-01-01T23:30:00.000Z");
  });

  it("gives each certificate its own positive 16-byte serial number", () => {
    const serials = [localhost, mail].map(({ cert }) => new X509Certificate(cert).serialNumber);
    for (const serial of serials) expect(serial).toMatch(/^[0-7][0-9A-F]{31}$/);
    expect(serials[0]).not.toBe(serials[1]);
  });

  it.each(["mail/../x", "bücher.example", "-mail.example", ""])("refuses %j, which is not a hostname", (hostname) => {
    expect(() => createSelfSignedCertificate(hostname)).toThrow(/not a hostname/);
  });

  // openssl is on every machine of the project (test/helpers/tls-cert.ts needs it too).
  it("is read the same way by openssl, and is DER as openssl would encode it", () => {
    const openssl = (args: string[], input?: string) => execFileSync("openssl", args, { input, encoding: "utf8" });
    const text = openssl(["x509", "-noout", "-text"], localhost.cert);
    expect(text).toContain("Version: 3 (0x2)");
    expect(text.match(/ecdsa-with-SHA256/g)).toHaveLength(2);
    expect(text).toMatch(/Issuer: CN = localhost\n[\s\S]*Subject: CN = localhost\n/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:FALSE\n/);
    expect(text).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature\n/);
    expect(text).toMatch(/X509v3 Extended Key Usage: ?\n\s+TLS Web Server Authentication\n/);
    expect(text).toMatch(/X509v3 Subject Alternative Name: ?\n\s+DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1\n/);

    const dir = scratchDir();
    const [certFile, keyFile, extFile] = ["cert.pem", "key.pem", "ext.cnf"].map((name) => path.join(dir, name)) as [string, string, string];
    writeFileSync(certFile, localhost.cert);
    writeFileSync(keyFile, localhost.key);
    expect(openssl(["verify", "-x509_strict", "-CAfile", certFile, certFile])).toBe(`${certFile}: OK\n`);

    // Signing again makes openssl encode the to-be-signed part itself (and not add key identifiers): it differs
    // from ours where ours is not DER, e.g. a length in long form that fits the short one.
    writeFileSync(extFile, "subjectKeyIdentifier = none\nauthorityKeyIdentifier = none\n");
    const resigned = openssl(["x509", "-signkey", keyFile, "-preserve_dates", "-extfile", extFile], localhost.cert);
    expect(tbsOf(resigned).equals(tbsOf(localhost.cert))).toBe(true);
    // openssl keeps an encoded "critical FALSE", which DER leaves out as the default: only the two TRUEs may be there.
    const booleans = [...openssl(["asn1parse"], localhost.cert).matchAll(/BOOLEAN +:(\d+)/g)].map((m) => m[1]);
    expect(booleans).toEqual(["255", "255"]);

    const late = createSelfSignedCertificate("mail.example", { now: new Date("2049-12-31T23:30:00Z"), days: 366 });
    expect(openssl(["asn1parse"], late.cert)).toMatch(/UTCTIME +:491231223000Z\n.*GENERALIZEDTIME +:20510101233000Z\n/);
  });
});

// The certificate is a SEQUENCE of a few hundred bytes (4-byte header), and so is its first element, the
// to-be-signed part.
function tbsOf(pem: string): Buffer {
  const der = new X509Certificate(pem).raw;
  return der.subarray(4, 8 + der.readUInt16BE(6));
}

describe("a TLS handshake with the self-signed certificate", () => {
  // Resolves with whether the client trusted the server, or rejects with the client's verification error.
  async function handshake(pair: { cert: string; key: string }, client: tls.ConnectionOptions): Promise<boolean> {
    const server = tls.createServer(pair, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      return await new Promise<boolean>((resolve, reject) => {
        const socket = tls.connect({ ...client, port, host: "127.0.0.1", ca: pair.cert }, () => {
          resolve(socket.authorized);
          socket.end();
        });
        socket.once("error", reject);
      });
    } finally {
      server.close();
    }
  }

  it.each([
    ["localhost", localhost],
    ["mail.example", mail],
  ])("succeeds for %s from a client that trusts the certificate", async (hostname, pair) => {
    expect(await handshake(pair, { servername: hostname })).toBe(true);
  });

  it("succeeds for localhost's certificate when the client asked for 127.0.0.1", async () => {
    expect(await handshake(localhost, {})).toBe(true);
  });

  it("fails verification for another hostname", async () => {
    await expect(handshake(mail, { servername: "other.example" })).rejects.toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });
});

describe("loadTlsCredentials", () => {
  const hostname = "mail.example";

  it("makes a self-signed pair under the data directory, key readable by the owner only, and reuses it", async () => {
    const dataDir = scratchDir();
    const first = await loadTlsCredentials({ dataDir, hostname });
    expect(first.source).toBe("self-signed");
    expect(new X509Certificate(first.cert).checkHost(hostname)).toBe(hostname);

    const tlsDir = path.join(dataDir, "tls");
    expect(readdirSync(tlsDir).sort()).toEqual(["mail.example.crt", "mail.example.key"]);
    expect(readFileSync(path.join(tlsDir, "mail.example.crt"), "utf8")).toBe(first.cert);
    expect(readFileSync(path.join(tlsDir, "mail.example.key"), "utf8")).toBe(first.key);
    expect(statSync(path.join(tlsDir, "mail.example.key")).mode & 0o777).toBe(0o600);

    expect(await loadTlsCredentials({ dataDir, hostname })).toEqual(first);
  });

  it.each([
    ["keeps a certificate with 31 days left", 825 - 31, true],
    ["replaces a certificate with 29 days left", 825 - 29, false],
    ["replaces an expired certificate", 900, false],
    ["replaces a certificate that is not valid yet", -1, false],
  ])("%s", async (_, daysLater, kept) => {
    const dataDir = scratchDir();
    const start = new Date();
    const first = await loadTlsCredentials({ dataDir, hostname, now: start });
    const now = new Date(start.getTime() + daysLater * DAY_MS);
    const second = await loadTlsCredentials({ dataDir, hostname, now });
    expect(second.cert === first.cert).toBe(kept);
    expect(readFileSync(path.join(dataDir, "tls", "mail.example.crt"), "utf8")).toBe(second.cert);
    expect(new Date(new X509Certificate(second.cert).validTo).getTime()).toBeGreaterThan(now.getTime() + 30 * DAY_MS);
  });

  it.each([
    ["a key that is not the certificate's", (tlsDir: string) => writeFileSync(path.join(tlsDir, "mail.example.key"), localhost.key)],
    [
      "a pair for another hostname",
      (tlsDir: string) => {
        writeFileSync(path.join(tlsDir, "mail.example.crt"), localhost.cert);
        writeFileSync(path.join(tlsDir, "mail.example.key"), localhost.key);
      },
    ],
    ["a certificate that is garbage", (tlsDir: string) => writeFileSync(path.join(tlsDir, "mail.example.crt"), "garbage")],
  ])("replaces a stored pair with %s", async (_, spoil) => {
    const dataDir = scratchDir();
    const first = await loadTlsCredentials({ dataDir, hostname });
    spoil(path.join(dataDir, "tls"));
    const second = await loadTlsCredentials({ dataDir, hostname });
    expect(second.cert).not.toBe(first.cert);
    expect(new X509Certificate(second.cert).checkPrivateKey(createPrivateKey(second.key))).toBe(true);
    expect(new X509Certificate(second.cert).checkHost(hostname)).toBe(hostname);
  });

  it("says when the data directory cannot hold the self-signed pair", async () => {
    const dataDir = path.join(scratchDir(), "a-file");
    writeFileSync(dataDir, "");
    const attempt = loadTlsCredentials({ dataDir, hostname });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toMatchObject({ code: "config", message: `cannot store the self-signed TLS certificate in ${dataDir}/tls (ENOTDIR)` });
  });

  // The operator's files, written into a fresh directory.
  function configured(files: { cert: string; key: string }): { certFile: string; keyFile: string; dataDir: string; hostname: string } {
    const dir = scratchDir();
    const certFile = path.join(dir, "cert.pem");
    const keyFile = path.join(dir, "key.pem");
    writeFileSync(certFile, files.cert);
    writeFileSync(keyFile, files.key);
    return { certFile, keyFile, dataDir: path.join(dir, "data"), hostname };
  }

  it("uses the configured files as they are, and makes nothing", async () => {
    const opts = configured(mail);
    expect(await loadTlsCredentials(opts)).toEqual({ ...mail, source: "files" });
    expect(readdirSync(path.dirname(opts.certFile)).sort()).toEqual(["cert.pem", "key.pem"]);
  });

  it.each([
    ["a key of another certificate", { cert: mail.cert, key: localhost.key }, "keyFile", /^TLS key .* does not belong to the certificate in .*cert\.pem$/],
    ["a garbage certificate", { cert: "garbage", key: mail.key }, "certFile", /^TLS certificate .* is not a PEM certificate$/],
    ["a certificate as the key", { cert: mail.cert, key: mail.cert }, "keyFile", /^TLS key .* is not an unencrypted PEM private key$/],
  ] as const)("refuses to start with %s", async (_, files, named, message) => {
    const opts = configured(files);
    const attempt = loadTlsCredentials(opts);
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toMatchObject({ code: "config", message: expect.stringMatching(message) });
    await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining(opts[named]) });
  });

  it("refuses to start when a configured file cannot be read", async () => {
    const opts = { ...configured(mail), certFile: path.join(scratch, "missing.pem") };
    const attempt = loadTlsCredentials(opts);
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toMatchObject({ message: `cannot read MAILROOM_TLS_CERT file ${opts.certFile} (ENOENT)` });
  });

  it.each([
    ["MAILROOM_TLS_CERT", "certFile"],
    ["MAILROOM_TLS_KEY", "keyFile"],
  ] as const)("refuses to start with only %s set", async (setting, field) => {
    const { [field]: file, dataDir } = configured(mail);
    const attempt = loadTlsCredentials({ [field]: file, dataDir, hostname });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toMatchObject({
      code: "config",
      message: `only ${setting} is set`,
      fix: expect.stringContaining("set both MAILROOM_TLS_CERT and MAILROOM_TLS_KEY"),
    });
  });
});
