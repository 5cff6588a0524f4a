// SCRAM-SHA-256 and SCRAM-SHA-1 (RFC 5802, RFC 7677) as client mechanisms for nodemailer's customAuth.
// Channel binding (the -PLUS variants) is not implemented: callers treat those mechanisms as unavailable.
import crypto from "node:crypto";
import { promisify } from "node:util";
import type { CustomAuthenticationContext, CustomAuthenticationHandlers } from "nodemailer/lib/smtp-connection";

export type ScramHash = "sha256" | "sha1";

export const SCRAM_MECHANISMS: Readonly<Record<string, ScramHash>> = { "SCRAM-SHA-256": "sha256", "SCRAM-SHA-1": "sha1" };

const pbkdf2 = promisify(crypto.pbkdf2);
const HASH_BYTES: Record<ScramHash, number> = { sha256: 32, sha1: 20 };

// One authentication exchange: clientFirst, then clientFinal with the server's first message, then
// verifyServerFinal with the server's last one. Messages are the SCRAM texts, without base64.
export class ScramClient {
  private readonly clientFirstBare: string;
  private serverSignature: Buffer | null = null;

  constructor(
    private readonly hash: ScramHash,
    username: string,
    private readonly password: string,
    private readonly nonce = crypto.randomBytes(18).toString("base64"),
  ) {
    this.clientFirstBare = `n=${escapeName(saslprep(username))},r=${nonce}`;
  }

  clientFirst(): string {
    // "n,," : no channel binding, no authorization identity.
    return `n,,${this.clientFirstBare}`;
  }

  async clientFinal(serverFirst: string): Promise<string> {
    const attrs = parseAttributes(serverFirst);
    if (attrs.has("m")) throw new Error("scram: server requires an unsupported extension");
    const nonce = attrs.get("r") ?? "";
    const salt = Buffer.from(attrs.get("s") ?? "", "base64");
    const iterations = Number(attrs.get("i"));
    // A server nonce that does not extend ours would let a replayed exchange pass.
    if (!nonce.startsWith(this.nonce) || nonce.length === this.nonce.length) throw new Error("scram: server nonce does not extend the client nonce");
    if (salt.length === 0 || !Number.isSafeInteger(iterations) || iterations < 1) throw new Error("scram: bad salt or iteration count from server");

    const saltedPassword = await pbkdf2(saslprep(this.password), salt, iterations, HASH_BYTES[this.hash], this.hash);
    const clientKey = this.hmac(saltedPassword, "Client Key");
    const storedKey = crypto.createHash(this.hash).update(clientKey).digest();
    // "biws" is base64 of "n,,", the GS2 header of clientFirst.
    const withoutProof = `c=biws,r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientSignature = this.hmac(storedKey, authMessage);
    const proof = Buffer.from(clientKey.map((byte, i) => byte ^ clientSignature[i]!));
    this.serverSignature = this.hmac(this.hmac(saltedPassword, "Server Key"), authMessage);
    return `${withoutProof},p=${proof.toString("base64")}`;
  }

  // Proves the server knows the password too, so a fake server cannot claim success.
  verifyServerFinal(serverFinal: string): void {
    const attrs = parseAttributes(serverFinal);
    const error = attrs.get("e");
    if (error) throw new Error(`scram: server error: ${error}`);
    const signature = Buffer.from(attrs.get("v") ?? "", "base64");
    const expected = this.serverSignature;
    if (!expected || signature.length !== expected.length || !crypto.timingSafeEqual(signature, expected)) {
      throw new Error("scram: server signature does not match");
    }
  }

  private hmac(key: Buffer, text: string): Buffer {
    return crypto.createHmac(this.hash, key).update(text).digest();
  }
}

// customAuth handlers for both mechanisms, keyed by mechanism name as nodemailer expects.
export function scramAuthHandlers(): CustomAuthenticationHandlers {
  return Object.fromEntries(Object.entries(SCRAM_MECHANISMS).map(([name, hash]) => [name, (ctx: CustomAuthenticationContext) => authenticate(ctx, hash)]));
}

async function authenticate(ctx: CustomAuthenticationContext, hash: ScramHash): Promise<void> {
  const scram = new ScramClient(hash, ctx.auth.credentials.user, ctx.auth.credentials.pass);
  const first = await ctx.sendCommand(`AUTH ${ctx.method} ${base64(scram.clientFirst())}`);
  expectStatus(first.status, 334, first.response);
  const final = await ctx.sendCommand(base64(await scram.clientFinal(unbase64(first.text))));
  // RFC 4954 carries the server's final message in a 334 challenge; 235 comes after our empty answer.
  expectStatus(final.status, 334, final.response);
  scram.verifyServerFinal(unbase64(final.text));
  const done = await ctx.sendCommand("");
  expectStatus(done.status, 235, done.response);
}

function expectStatus(status: number, wanted: number, response: string): void {
  if (status !== wanted) throw new Error(`scram: unexpected response ${JSON.stringify(response.split("\n")[0])}`);
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const unbase64 = (text: string) => Buffer.from(text.trim(), "base64").toString("utf8");

function parseAttributes(message: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const part of message.split(",")) {
    const eq = part.indexOf("=");
    if (eq === 1) attrs.set(part[0]!, part.slice(2));
  }
  return attrs;
}

function escapeName(name: string): string {
  return name.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

// RFC 3454 table B.1 (soft hyphen, joiners, variation selectors, ...). A set rather than a regular expression:
// a character class of combining characters is easy to get wrong.
const MAPPED_TO_NOTHING = new Set([0x00ad, 0x034f, 0x1806, 0x180b, 0x180c, 0x180d, 0x200c, 0x200d, 0x2060, 0xfeff, ...Array.from({ length: 16 }, (_, i) => 0xfe00 + i)]);

// SASLprep (RFC 4013) reduced to its mapping and normalisation steps; prohibited characters are the server's to
// refuse. Enough for both sides to derive the same key from the same password.
function saslprep(text: string): string {
  return [...text.replace(/[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g, " ")]
    .filter((ch) => !MAPPED_TO_NOTHING.has(ch.codePointAt(0)!))
    .join("")
    .normalize("NFKC");
}
