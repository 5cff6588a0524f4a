// The certificate and key the SMTP listeners offer: the operator's PEM files when configured, else a self-signed
// pair kept under the data directory, so clients that pinned it keep seeing the same one across restarts.
import { X509Certificate, createPrivateKey, randomBytes, type KeyObject } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { StartupError, errorText } from "../errors";
import { createSelfSignedCertificate } from "./self-signed";

export type TlsCredentials = { cert: string; key: string; source: "files" | "self-signed" };

type Pair = { cert: string; key: string };

const DAY_MS = 24 * 60 * 60 * 1000;
// Made again this long before it expires, so a long-running server is not caught out by its own certificate.
const RENEW_BEFORE_MS = 30 * DAY_MS;

export async function loadTlsCredentials(opts: {
  certFile?: string;
  keyFile?: string;
  dataDir: string;
  hostname: string;
  now?: Date;
}): Promise<TlsCredentials> {
  const { certFile, keyFile } = opts;
  if (certFile && keyFile) return { ...(await readConfiguredPair(certFile, keyFile)), source: "files" };
  if (certFile || keyFile) {
    throw new StartupError(
      "config",
      `only ${certFile ? "MAILROOM_TLS_CERT" : "MAILROOM_TLS_KEY"} is set`,
      "set both MAILROOM_TLS_CERT and MAILROOM_TLS_KEY, or neither for a self-signed certificate",
    );
  }
  return { ...(await selfSignedPair(opts.dataDir, opts.hostname, opts.now ?? new Date())), source: "self-signed" };
}

async function readConfiguredPair(certFile: string, keyFile: string): Promise<Pair> {
  const cert = await readConfigured(certFile, "MAILROOM_TLS_CERT");
  const key = await readConfigured(keyFile, "MAILROOM_TLS_KEY");
  const x509 = parseOr(
    () => new X509Certificate(cert),
    () => new StartupError("config", `TLS certificate ${certFile} is not a PEM certificate`, "point MAILROOM_TLS_CERT at a file that starts with -----BEGIN CERTIFICATE-----"),
  );
  const privateKey = parseOr(
    () => createPrivateKey(key),
    () => new StartupError("config", `TLS key ${keyFile} is not an unencrypted PEM private key`, "point MAILROOM_TLS_KEY at the certificate's private key, without a passphrase"),
  );
  if (!x509.checkPrivateKey(privateKey)) {
    throw new StartupError("config", `TLS key ${keyFile} does not belong to the certificate in ${certFile}`, "set MAILROOM_TLS_KEY to that certificate's private key");
  }
  return { cert, key };
}

async function readConfigured(file: string, setting: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new StartupError("config", `cannot read ${setting} file ${file} (${errorText(err)})`, `fix ${setting} or the file's permissions`);
  }
}

function parseOr<T>(parse: () => T, error: () => StartupError): T {
  try {
    return parse();
  } catch {
    throw error();
  }
}

async function selfSignedPair(dataDir: string, hostname: string, now: Date): Promise<Pair> {
  const dir = path.join(dataDir, "tls");
  const certFile = path.join(dir, `${hostname}.crt`);
  const keyFile = path.join(dir, `${hostname}.key`);
  const existing = await readPair(certFile, keyFile);
  if (existing && stillUsable(existing, hostname, now)) return existing;

  const fresh = createSelfSignedCertificate(hostname, { now });
  try {
    await mkdir(dir, { recursive: true });
    // Key first: whoever reads a new certificate finds its key already there. Should two processes both make a
    // pair at once, the files may end up from different pairs; the next start sees the mismatch and makes another.
    await replaceFile(keyFile, fresh.key, 0o600);
    await replaceFile(certFile, fresh.cert, 0o644);
  } catch (err) {
    throw new StartupError("config", `cannot store the self-signed TLS certificate in ${dir} (${errorText(err)})`, "make MAILROOM_DATA_DIR writable");
  }
  return fresh;
}

// Missing or unreadable files mean "make new ones"; if the directory is unwritable too, storing them says so.
async function readPair(certFile: string, keyFile: string): Promise<Pair | undefined> {
  try {
    return { cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8") };
  } catch {
    return undefined;
  }
}

function stillUsable(pair: Pair, hostname: string, now: Date): boolean {
  const parsed = parsePair(pair);
  if (!parsed) return false;
  const { x509, privateKey } = parsed;
  return (
    x509.checkHost(hostname) !== undefined &&
    new Date(x509.validFrom) <= now &&
    new Date(x509.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS &&
    x509.checkPrivateKey(privateKey)
  );
}

function parsePair(pair: Pair): { x509: X509Certificate; privateKey: KeyObject } | undefined {
  try {
    return { x509: new X509Certificate(pair.cert), privateKey: createPrivateKey(pair.key) };
  } catch {
    return undefined;
  }
}

// Written aside and renamed into place: rename is atomic, so a process starting alongside never reads half a file.
async function replaceFile(file: string, content: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temp, content, { mode, flag: "wx" });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
