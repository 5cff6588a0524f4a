// A self-signed server certificate for when the operator configured none (always in localserve). Encoded here
// with node:crypto so that neither an openssl binary nor another package is needed.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { TRUE, bitString, explicit, implicitPrimitive, octetString, oid, sequence, set, time, unsignedInteger, utf8String } from "./der";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
// The longest validity Apple platforms accept for a TLS server certificate.
const DEFAULT_DAYS = 825;

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
};

// RFC 5758 3.2: the ecdsa-with-SHA256 identifier has no parameters, not even NULL.
const SIGNATURE_ALGORITHM = sequence(oid(OID.ecdsaWithSha256));
// Letters, digits and hyphens only: a dNSName is an IA5String, so IDNs must be given as A-labels (xn--…).
const HOSTNAME = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/i;
const LOOPBACK_IPS = [Buffer.of(127, 0, 0, 1), Buffer.from("00000000000000000000000000000001", "hex")];

export function createSelfSignedCertificate(hostname: string, opts: { days?: number; now?: Date } = {}): { cert: string; key: string } {
  if (!HOSTNAME.test(hostname)) throw new Error(`cannot make a certificate for ${JSON.stringify(hostname)}: not a hostname`);
  const { days = DEFAULT_DAYS, now = new Date() } = opts;
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const tbs = tbsCertificate({
    hostname,
    publicKey,
    // An hour back, so a client whose clock is a little behind ours still accepts a certificate made just now.
    notBefore: new Date(now.getTime() - HOUR_MS),
    notAfter: new Date(now.getTime() + days * DAY_MS),
  });
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  return {
    cert: pem("CERTIFICATE", sequence(tbs, SIGNATURE_ALGORITHM, bitString(signature))),
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

function tbsCertificate(c: { hostname: string; publicKey: KeyObject; notBefore: Date; notAfter: Date }): Buffer {
  const name = sequence(set(sequence(oid(OID.commonName), utf8String(c.hostname))));
  return sequence(
    explicit(0, unsignedInteger(Buffer.of(2))), // v3
    unsignedInteger(serialNumber()),
    SIGNATURE_ALGORITHM,
    name, // issuer
    sequence(time(c.notBefore), time(c.notAfter)),
    name, // subject
    c.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...extensions(c.hostname))),
  );
}

// Random so that a browser that remembered an exception for an earlier certificate never sees the same issuer and
// serial again. Top bit clear keeps it positive, the next bit set keeps all 16 bytes (RFC 5280 allows up to 20).
function serialNumber(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}

function extensions(hostname: string): Buffer[] {
  const ips = hostname === "localhost" ? LOOPBACK_IPS : [];
  const altNames = [implicitPrimitive(2, Buffer.from(hostname, "ascii")), ...ips.map((ip) => implicitPrimitive(7, ip))];
  return [
    extension(OID.basicConstraints, true, sequence()), // cA defaults to false, and DER omits defaults
    extension(OID.keyUsage, true, bitString(Buffer.of(0x80), 7)), // digitalSignature is bit 0
    extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
    extension(OID.subjectAltName, false, sequence(...altNames)),
  ];
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  // DER omits a field holding its DEFAULT, and critical defaults to false.
  const flag = critical ? [TRUE] : [];
  return sequence(oid(id), ...flag, octetString(value));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
