// Looks up each record of records.ts through the server's resolver and says, in words, what is right and what
// is wrong with it. "No such name" and "no such record" mean missing; any other lookup error is a failure to
// check, not a verdict on the record.
import { errorText } from "../errors";
import { isNotFound, type Resolver } from "../net/resolver";
import { dkimName, dnsRecords, mtaStsId, type DkimPublicKey, type DnsRecord, type RecordsInput } from "./records";

export type VerdictStatus = "ok" | "warning" | "wrong" | "missing" | "failed";
// found: the values the lookup returned that the verdict is about, to show next to the expected value.
export type Verdict = { id: string; status: VerdictStatus; message: string; found: string[] };

type Lookup<T> = { found: T[] } | { missing: true } | { failed: string };

async function lookup<T>(fn: () => Promise<T[]>): Promise<Lookup<T>> {
  try {
    const found = await fn();
    return found.length ? { found } : { missing: true };
  } catch (err) {
    return isNotFound(err) ? { missing: true } : { failed: errorText(err) };
  }
}

const failedVerdict = (r: DnsRecord, error: string): Verdict => ({
  id: r.id,
  status: "failed",
  message: `Looking up ${r.type} at ${r.name} failed (${error}); try the check again later.`,
  found: [],
});

// TXT records of a name that start with the given tag (v=spf1, v=DMARC1, ...), each joined from its strings.
async function taggedTxt(resolver: Resolver, name: string, tag: RegExp): Promise<Lookup<string>> {
  const result = await lookup(() => resolver.resolveTxt(name));
  if (!("found" in result)) return result;
  const values = result.found.map((chunks) => chunks.join("")).filter((v) => tag.test(v.trim()));
  return values.length ? { found: values } : { missing: true };
}

async function addresses(resolver: Resolver, name: string): Promise<Lookup<string>> {
  const [v4, v6] = await Promise.all([lookup(() => resolver.resolve4(name)), lookup(() => resolver.resolve6(name))]);
  const found = [v4, v6].flatMap((l) => ("found" in l ? l.found : []));
  if (found.length) return { found };
  const failed = [v4, v6].find((l) => "failed" in l);
  return failed ?? { missing: true };
}

function tags(value: string): Map<string, string> {
  const pairs = value.split(";").map((p) => p.trim()).filter(Boolean);
  return new Map(pairs.map((p) => [p.slice(0, p.indexOf("=")).trim().toLowerCase(), p.slice(p.indexOf("=") + 1).trim()] as const));
}

type Check = (r: DnsRecord) => Promise<Verdict>;

function checks(resolver: Resolver, { domain, hostname, keys }: RecordsInput): Record<DnsRecord["kind"], Check> {
  const host = hostname.toLowerCase();
  return {
    mx: async (r) => {
      const mx = await lookup(() => resolver.resolveMx(domain));
      if ("failed" in mx) return failedVerdict(r, mx.failed);
      if ("missing" in mx) return { id: r.id, status: "missing", message: `No MX record at ${domain}: publish the MX above, or mail for ${domain} cannot reach this server.`, found: [] };
      const exchanges = mx.found.map((m) => m.exchange.toLowerCase().replace(/\.$/, ""));
      const found = mx.found.map((m) => `${m.priority} ${m.exchange}`);
      if (exchanges.includes(host)) return { id: r.id, status: "ok", message: `MX record points to ${host}.`, found };
      return { id: r.id, status: "wrong", message: `MX records point to ${exchanges.join(", ")}, not to ${host}: mail for ${domain} goes elsewhere.`, found };
    },
    spf: async (r) => {
      const spf = await taggedTxt(resolver, domain, /^v=spf1(\s|$)/i);
      if ("failed" in spf) return failedVerdict(r, spf.failed);
      if ("missing" in spf) return { id: r.id, status: "missing", message: `No SPF record at ${domain}: publish the TXT above.`, found: [] };
      if (spf.found.length > 1) return { id: r.id, status: "wrong", message: `${spf.found.length} SPF records at ${domain}: receivers treat more than one as an error; keep one.`, found: spf.found };
      return { id: r.id, ...(await spfVerdict(resolver, spf.found[0]!, domain, host)), found: spf.found };
    },
    dkim: async (r) => dkimVerdict(resolver, domain, keys.find((k) => k.selector === r.selector)!),
    dmarc: async (r) => {
      const dmarc = await taggedTxt(resolver, r.name, /^v=DMARC1\s*(;|$)/i);
      if ("failed" in dmarc) return failedVerdict(r, dmarc.failed);
      if ("missing" in dmarc) return { id: r.id, status: "missing", message: `No DMARC record at ${r.name}: publish the TXT above.`, found: [] };
      if (dmarc.found.length > 1) return { id: r.id, status: "wrong", message: `${dmarc.found.length} DMARC records at ${r.name}: receivers ignore them all; keep one.`, found: dmarc.found };
      const policy = tags(dmarc.found[0]!).get("p")?.toLowerCase();
      if (policy === "reject" || policy === "quarantine") return { id: r.id, status: "ok", message: `DMARC record found, with policy ${policy}.`, found: dmarc.found };
      if (policy === "none") return { id: r.id, status: "warning", message: "DMARC record found, but with policy none: receivers still accept forged mail. Publish p=reject when your mail passes.", found: dmarc.found };
      return { id: r.id, status: "wrong", message: "DMARC record found without a valid policy (p=reject, quarantine or none).", found: dmarc.found };
    },
    "mta-sts": async (r) => {
      const sts = await taggedTxt(resolver, r.name, /^v=STSv1\s*(;|$)/i);
      if ("failed" in sts) return failedVerdict(r, sts.failed);
      if ("missing" in sts) return { id: r.id, status: "missing", message: `No MTA-STS record at ${r.name}: publish the TXT above so senders insist on TLS.`, found: [] };
      const id = tags(sts.found[0]!).get("id");
      if (id === mtaStsId(host)) return { id: r.id, status: "ok", message: "MTA-STS record found, with the id of the current policy.", found: sts.found };
      return { id: r.id, status: "warning", message: `MTA-STS record found with id ${id || "(none)"}: publish the id above, or senders keep a policy they fetched earlier.`, found: sts.found };
    },
    "mta-sts-host": async (r) => {
      const [policyHost, server] = await Promise.all([addresses(resolver, r.name), addresses(resolver, host)]);
      if ("failed" in policyHost) return failedVerdict(r, policyHost.failed);
      if ("missing" in policyHost) return { id: r.id, status: "missing", message: `No address for ${r.name}: publish the CNAME above.`, found: [] };
      if (!("found" in server)) return { id: r.id, status: "failed", message: `${r.name} has an address, but ${host} itself has none to compare it with.`, found: policyHost.found };
      if (policyHost.found.some((a) => server.found.includes(a))) return { id: r.id, status: "ok", message: `${r.name} points to this server.`, found: policyHost.found };
      return { id: r.id, status: "wrong", message: `${r.name} resolves to ${policyHost.found.join(", ")}, but ${host} is at ${server.found.join(", ")}.`, found: policyHost.found };
    },
    tlsrpt: async (r) => {
      const rpt = await taggedTxt(resolver, r.name, /^v=TLSRPTv1\s*(;|$)/i);
      if ("failed" in rpt) return failedVerdict(r, rpt.failed);
      if ("missing" in rpt) return { id: r.id, status: "missing", message: `No TLS reporting record at ${r.name}: publish the TXT above to hear about TLS failures.`, found: [] };
      if (!tags(rpt.found[0]!).get("rua")) return { id: r.id, status: "wrong", message: "TLS reporting record found without rua=: it names nowhere to send reports.", found: rpt.found };
      return { id: r.id, status: "ok", message: "TLS reporting record found.", found: rpt.found };
    },
  };
}

// Whether the SPF record lets this server send: through "mx" (the MX check says whether the MX is this
// server), a:<hostname>, or ip4:/ip6: naming one of the hostname's addresses.
async function spfVerdict(resolver: Resolver, record: string, domain: string, host: string): Promise<Pick<Verdict, "status" | "message">> {
  const terms = record.toLowerCase().split(/\s+/).slice(1);
  const passing = terms.filter((t) => !/^[-~?]/.test(t)).map((t) => t.replace(/^\+/, ""));
  if (passing.includes("all")) return { status: "wrong", message: "SPF record found, but it allows every server on the internet (+all): end it with ~all or -all." };
  if (passing.includes("mx") || passing.includes(`mx:${domain}`)) return { status: "ok", message: "SPF record allows this server (mx)." };
  if (passing.includes(`a:${host}`) || (host === domain && passing.includes("a"))) return { status: "ok", message: `SPF record allows this server (a:${host}).` };
  const own = await addresses(resolver, host);
  const ips = "found" in own ? own.found : [];
  const listed = passing.filter((t) => /^ip[46]:/.test(t)).map((t) => t.slice(4).replace(/\/(32|128)$/, ""));
  if (ips.some((ip) => listed.includes(ip.toLowerCase()))) return { status: "ok", message: "SPF record allows this server (by its IP address)." };
  if (passing.some((t) => t.startsWith("include:") || t.startsWith("redirect="))) {
    return { status: "warning", message: "SPF record found, but it only includes other domains' records: add mx so it surely allows this server." };
  }
  return { status: "wrong", message: "SPF record found but does not allow this server (mx missing): add mx before the all." };
}

export async function dkimVerdict(resolver: Resolver, domain: string, key: DkimPublicKey): Promise<Verdict> {
  const id = `dkim:${key.selector}`;
  const name = dkimName(key.selector, domain);
  const result = await lookup(() => resolver.resolveTxt(name));
  if ("failed" in result) return { id, status: "failed", message: `Looking up TXT at ${name} failed (${result.failed}); try the check again later.`, found: [] };
  const values = "found" in result ? result.found.map((chunks) => chunks.join("")).filter((v) => /(^|;)\s*p=/.test(v)) : [];
  if (values.length === 0) return { id, status: "missing", message: `No DKIM record for selector ${key.selector} at ${name}: publish the TXT above.`, found: [] };
  const record = tags(values[0]!);
  const p = (record.get("p") ?? "").replace(/\s+/g, "");
  const k = (record.get("k") ?? "rsa").toLowerCase();
  if (!p) return { id, status: "wrong", message: `DKIM record for ${key.selector} is revoked (empty p=): publish the TXT above.`, found: values };
  if (p !== key.publicKeyDns) return { id, status: "wrong", message: `DKIM record for ${key.selector} has a different public key: replace it with the TXT above.`, found: values };
  if (k !== key.algorithm) return { id, status: "wrong", message: `DKIM record for ${key.selector} says k=${k}, but the key is ${key.algorithm}: replace it with the TXT above.`, found: values };
  return { id, status: "ok", message: `DKIM record for selector ${key.selector} matches the key.`, found: values };
}

// One verdict per record of dnsRecords(input), in the same order; the lookups run in parallel.
export async function checkDns(resolver: Resolver, input: RecordsInput): Promise<Verdict[]> {
  const byKind = checks(resolver, input);
  return Promise.all(dnsRecords(input).map((r) => byKind[r.kind](r)));
}
