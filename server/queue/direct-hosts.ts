// Where direct delivery (spec 10, no transport) takes a message: the recipient domain's MX hosts in the order to
// try them (RFC 5321 5.1, RFC 7505), narrowed by the domain's MTA-STS policy (RFC 8461), with their addresses.
import { isIP } from "node:net";
import { domainToASCII } from "node:url";
import { parseDomain } from "../address/domain";
import { errorText } from "../errors";
import { isNotFound, type MxRecord, type Resolver } from "../net/resolver";
import { mxMatchesPolicy, type MtaStsLookup, type MtaStsPolicy } from "./mta-sts";

export type DirectHost = { host: string; ips: string[] };
export type DirectRoute =
  | { ok: true; hosts: DirectHost[]; policy: MtaStsPolicy | null }
  | { ok: false; permanent: boolean; error: string };
type Failure = Extract<DirectRoute, { ok: false }>;
type Families = { disableIpv4?: boolean; disableIpv6?: boolean };

const permanent = (error: string): Failure => ({ ok: false, permanent: true, error });
const temporary = (error: string): Failure => ({ ok: false, permanent: false, error });

export async function directDeliveryRoute(
  resolver: Resolver,
  domain: string,
  opts: Families & { mtaSts?: MtaStsLookup },
): Promise<DirectRoute> {
  let ascii: string;
  try {
    ascii = parseDomain(domain).ascii;
  } catch {
    return permanent(`invalid recipient domain ${JSON.stringify(domain)}`);
  }
  const names = await hostNames(resolver, ascii);
  if (!Array.isArray(names)) return names;

  let found: MtaStsPolicy | null;
  try {
    found = (await opts.mtaSts?.(ascii)) ?? null;
  } catch (err) {
    return temporary(`looking up mta-sts policy of ${ascii}: ${errorText(err)}`);
  }
  // Mode none is how a domain withdraws its policy.
  const policy = found?.mode === "none" ? null : found;
  const allowed = policy?.mode === "enforce" ? names.filter((n) => mxMatchesPolicy(n, policy)) : names;
  if (allowed.length === 0) return temporary(`mta-sts policy of ${ascii} allows none of its mx hosts ${names.join(", ")}`);

  const looked = await Promise.all(allowed.map(async (host) => ({ host, ...(await hostAddresses(resolver, host, opts)) })));
  const hosts = looked.filter((h) => h.ips.length > 0).map(({ host, ips }) => ({ host, ips }));
  if (hosts.length > 0) return { ok: true, hosts, policy };
  return temporary(`no usable ip address for ${looked.map((h) => `${h.host} (${h.error ?? "no address records"})`).join(", ")}`);
}

// The host names to try in order, or why there are none.
async function hostNames(resolver: Resolver, domain: string): Promise<string[] | Failure> {
  let records: MxRecord[];
  try {
    records = await resolver.resolveMx(domain);
  } catch (err) {
    if (isNotFound(err)) return implicitMx(resolver, domain);
    return temporary(`looking up mx records of ${domain}: ${errorText(err)}`);
  }
  if (records.length === 1 && hostName(records[0]!.exchange) === "") {
    return permanent(`recipient domain ${domain} does not accept email (null mx)`);
  }
  const names = orderByPreference(records)
    .map((r) => hostName(r.exchange))
    .filter((n): n is string => !!n);
  if (names.length === 0) return permanent(`recipient domain ${domain} has no usable mx host`);
  return [...new Set(names)];
}

// RFC 5321 5.1: without MX records the domain itself is the host, provided it has an address at all. Both
// families count here whatever the transport allows, so a domain that exists never fails permanently.
async function implicitMx(resolver: Resolver, domain: string): Promise<string[] | Failure> {
  const { ips, error } = await hostAddresses(resolver, domain, {});
  if (ips.length > 0) return [domain];
  if (error) return temporary(`looking up addresses of ${domain}: ${error}`);
  return permanent(`recipient domain ${domain} does not exist (no mx or address records)`);
}

// Lowest preference first; RFC 5321 5.1 asks for a random order among equal preferences, to spread the load.
function orderByPreference(records: MxRecord[]): MxRecord[] {
  const keyed = records.map((r) => ({ r, k: Math.random() }));
  return keyed.sort((a, b) => a.r.priority - b.r.priority || a.k - b.k).map((x) => x.r);
}

// ASCII lower-case name without trailing dot; "" for the root (null MX); null for what cannot be an MX target,
// such as IP literals (RFC 5321 5.1), which the URL parser also makes of all-numeric names.
function hostName(exchange: string): string | null {
  const name = exchange.trim().replace(/\.$/, "");
  if (name === "") return "";
  const ascii = domainToASCII(name);
  if (!ascii || isIP(name) || isIP(ascii) || ascii.startsWith("[")) return null;
  return ascii;
}

// IPv4 first: receivers check senders' reverse DNS more strictly over IPv6, where it is more often missing.
// What one family yields is used even when the other's lookup fails; error is the first failure.
async function hostAddresses(resolver: Resolver, host: string, families: Families): Promise<{ ips: string[]; error: string | null }> {
  const found = await Promise.allSettled([
    families.disableIpv4 ? [] : addresses(resolver.resolve4(host)),
    families.disableIpv6 ? [] : addresses(resolver.resolve6(host)),
  ]);
  const ips = found.flatMap((r) => (r.status === "fulfilled" ? r.value : []));
  const failed = found.find((r) => r.status === "rejected");
  return { ips, error: failed ? errorText(failed.reason) : null };
}

// A name without records of this type has no addresses of it; any other failure stands.
async function addresses(lookup: Promise<string[]>): Promise<string[]> {
  try {
    return await lookup;
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}
