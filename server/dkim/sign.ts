import { generateKeyPairSync } from "node:crypto";
import { dkimSign } from "mailauth/lib/dkim/sign.js";
import { AppError, errorText } from "../errors";

export type DkimSigningKey = {
  selector: string;
  algorithm: "rsa" | "ed25519";
  privateKeyPem: string;
  hash: string;
  headers: string[]; // empty: DEFAULT_HEADERS
};

// mailauth signs only header fields present in the message, so From cannot be oversigned through it; receivers
// reject messages with more than one From anyway (RFC 5322 allows exactly one).
const DEFAULT_HEADERS = [
  "From",
  "To",
  "Cc",
  "Subject",
  "Date",
  "Message-Id",
  "Reply-To",
  "References",
  "In-Reply-To",
  "MIME-Version",
  "Content-Type",
  "Content-Transfer-Encoding",
];

// What mailauth really accepts and returns: its declarations type headerList as string[], but the signer only
// honours a colon-separated string (an array silently selects its own default list), and errors are records
// wrapping the Error.
type SignatureData = { signingDomain: string; selector: string; privateKey: string; algorithm: string; canonicalization: string };
type SignOptions = { signatureData: SignatureData[]; headerList: string };
type SignResult = { signatures: string; errors: { err?: unknown }[] };
const sign = dkimSign as unknown as (input: Buffer, options: SignOptions) => Promise<SignResult>;

// The DKIM-Signature header lines to prepend to raw, one per key in order; "" without keys.
export async function dkimSignatureHeaders(raw: Buffer, domainAscii: string, keys: DkimSigningKey[]): Promise<string> {
  const headers: string[] = [];
  // One call per key, because mailauth takes one header list per call and keys may each have their own.
  for (const key of keys) headers.push(await signWithKey(raw, domainAscii, key));
  return headers.join("");
}

async function signWithKey(raw: Buffer, domainAscii: string, key: DkimSigningKey): Promise<string> {
  const signatureData = {
    signingDomain: domainAscii,
    selector: key.selector,
    privateKey: key.privateKeyPem,
    algorithm: `${key.algorithm}-${key.hash || "sha256"}`,
    canonicalization: "relaxed/relaxed",
  };
  const headerList = (key.headers.length ? key.headers : DEFAULT_HEADERS).join(":");
  let result: SignResult;
  try {
    result = await sign(raw, { signatureData: [signatureData], headerList });
  } catch (err) {
    throw new AppError("server", `dkim signing: ${errorText(err)}`);
  }
  const failure = result.errors[0];
  if (failure) throw new AppError("server", `dkim signing: ${errorText(failure.err)}`);
  // mailauth silently skips a key it cannot use (an empty private key), leaving only a line break.
  if (!result.signatures.startsWith("DKIM-Signature:")) throw new AppError("server", "dkim signing: no signature produced");
  return result.signatures;
}

// publicKeyDns is the p= value of the DNS record: the raw 32-byte key for ed25519 (RFC 8463), SPKI DER for rsa.
export function generateDkimKey(algorithm: "rsa" | "ed25519"): { privateKeyPem: string; publicKeyDns: string } {
  if (algorithm === "rsa") {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKeyDns: publicKey.export({ type: "spki", format: "der" }).toString("base64") };
  }
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x ?? "";
  return { privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKeyDns: Buffer.from(x, "base64url").toString("base64") };
}
