// The DNS records a domain publishes for mail through this server, and the settings mail clients need. Names
// are ASCII (A-labels) without the trailing dot; values are what goes into the record.
import { createHash } from "node:crypto";

export type DnsRecordKind = "mx" | "spf" | "dkim" | "dmarc" | "mta-sts" | "mta-sts-host" | "tlsrpt";

export type DnsRecord = {
  // Stable per record, to pair it with its check verdict: the kind, and for DKIM the selector.
  id: string;
  kind: DnsRecordKind;
  name: string;
  type: "MX" | "TXT" | "CNAME";
  value: string;
  purpose: string;
  selector?: string;
};

export type DkimPublicKey = { selector: string; algorithm: "rsa" | "ed25519"; publicKeyDns: string };
export type SubmissionPorts = { submission: number; submissions: number };
export type RecordsInput = { domain: string; hostname: string; keys: DkimPublicKey[] };

const SPF_VALUE = "v=spf1 mx ~all";
const MX_PREFERENCE = 10;
const MTA_STS_MAX_AGE = 86400;

export const dkimName = (selector: string, domain: string) => `${selector}._domainkey.${domain}`;
const dkimValue = (k: DkimPublicKey) => `v=DKIM1; k=${k.algorithm}; p=${k.publicKeyDns}`;

// The policy file to serve at https://mta-sts.<domain>/.well-known/mta-sts.txt (RFC 8461).
export function mtaStsPolicy(hostname: string): string {
  return `version: STSv1\nmode: enforce\nmx: ${hostname}\nmax_age: ${MTA_STS_MAX_AGE}\n`;
}

// Derived from the policy, so the id changes exactly when the policy does and senders fetch it again.
export function mtaStsId(hostname: string): string {
  return createHash("sha256").update(mtaStsPolicy(hostname)).digest("hex").slice(0, 20);
}

export function dnsRecords({ domain, hostname, keys }: RecordsInput): DnsRecord[] {
  const reports = `mailto:postmaster@${domain}`;
  return [
    { id: "mx", kind: "mx", name: domain, type: "MX", value: `${MX_PREFERENCE} ${hostname}.`, purpose: "Mail for the domain is delivered to this server." },
    { id: "spf", kind: "spf", name: domain, type: "TXT", value: SPF_VALUE, purpose: "SPF: the domain's MX hosts (this server) may send its mail." },
    ...keys.map(
      (k): DnsRecord => ({
        id: `dkim:${k.selector}`,
        kind: "dkim",
        name: dkimName(k.selector, domain),
        type: "TXT",
        value: dkimValue(k),
        purpose: `DKIM public key of selector ${k.selector} (${k.algorithm}), to verify the signatures on outgoing mail.`,
        selector: k.selector,
      }),
    ),
    { id: "dmarc", kind: "dmarc", name: `_dmarc.${domain}`, type: "TXT", value: `v=DMARC1; p=reject; rua=${reports}`, purpose: "DMARC: receivers reject mail that claims the domain but fails SPF and DKIM; reports go to postmaster." },
    { id: "mta-sts", kind: "mta-sts", name: `_mta-sts.${domain}`, type: "TXT", value: `v=STSv1; id=${mtaStsId(hostname)}`, purpose: "MTA-STS: senders must deliver to this server over verified TLS." },
    { id: "mta-sts-host", kind: "mta-sts-host", name: `mta-sts.${domain}`, type: "CNAME", value: `${hostname}.`, purpose: "The host senders fetch the MTA-STS policy from, over HTTPS." },
    { id: "tlsrpt", kind: "tlsrpt", name: `_smtp._tls.${domain}`, type: "TXT", value: `v=TLSRPTv1; rua=${reports}`, purpose: "TLS reporting: senders report TLS failures to postmaster." },
  ];
}

// A TXT string holds at most 255 bytes (RFC 1035 3.3.14); longer values are several strings, joined by readers.
export function txtStrings(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const strings: string[] = [];
  for (let i = 0; i < bytes.length; i += 255) strings.push(bytes.subarray(i, i + 255).toString("utf8"));
  return strings.length ? strings : [""];
}

const quoted = (s: string) => `"${s.replace(/["\\]/g, "\\$&")}"`;

// The records in zone-file syntax, to paste into the domain's zone.
export function zoneFile(records: DnsRecord[]): string {
  const width = Math.max(...records.map((r) => r.name.length + 1));
  return records
    .map((r) => {
      const data = r.type === "TXT" ? txtStrings(r.value).map(quoted).join(" ") : r.value;
      return `${`${r.name}.`.padEnd(width)} IN ${r.type.padEnd(5)} ${data}`;
    })
    .join("\n")
    .concat("\n");
}

export type ClientSetting = { protocol: string; host: string; port: number; security: string };

// What a mail program needs to send through this server; reading mail is the webmail's.
export function clientSettings(hostname: string, ports: SubmissionPorts): ClientSetting[] {
  return [
    { protocol: "SMTP submission", host: hostname, port: ports.submissions, security: "TLS (implicit)" },
    { protocol: "SMTP submission", host: hostname, port: ports.submission, security: "STARTTLS" },
  ];
}
