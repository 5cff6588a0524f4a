// MTA-STS (RFC 8461): a recipient domain's published demand that mail reach it only through listed MX hosts, over
// verified TLS. mailauth reads the TXT record and parses the policy; fetching and caching are ours, because
// mailauth's fetch has no size limit and its cache renewal never renews.
import https from "node:https";
import { parsePolicy, resolvePolicy } from "mailauth/lib/mta-sts.js";
import { errorText } from "../errors";
import type { Resolver } from "../net/resolver";
import { systemClock, type Clock } from "../runtime/clock";

export type MtaStsPolicy = { id: string; mode: "enforce" | "testing" | "none"; mx: string[]; maxAge: number; expires: Date };
// Resolves to null when the domain has no usable policy; rejects when its TXT record cannot be looked up and no
// policy is cached, which delivery treats as a temporary failure (as mox does).
export type MtaStsLookup = (domain: string) => Promise<MtaStsPolicy | null>;

const FETCH_TIMEOUT_MS = 10_000;
const MAX_POLICY_BYTES = 64 * 1024;
// RFC 8461 3.3 suggests waiting at least five minutes per policy id after a failed fetch.
const FETCH_BACKOFF_MS = 5 * 60 * 1000;
const MAX_DOMAINS = 10_000;

type DomainState = { policy: MtaStsPolicy | null; failed: { id: string; until: Date } | null };

export function mtaStsLookup(
  resolver: Resolver,
  opts: { fetchPolicyText?: (domain: string) => Promise<string | null>; clock?: Clock } = {},
): MtaStsLookup {
  const fetchText = opts.fetchPolicyText ?? fetchPolicyText;
  const clock = opts.clock ?? systemClock;
  const states = new Map<string, DomainState>();

  const remember = (domain: string, state: DomainState) => {
    // Maps iterate in insertion order: re-inserting keeps recently refreshed domains last, the oldest goes first.
    states.delete(domain);
    if (states.size >= MAX_DOMAINS) states.delete(states.keys().next().value!);
    states.set(domain, state);
  };

  return async (domainInput) => {
    const domain = domainInput.toLowerCase().replace(/\.$/, "");
    const state = states.get(domain);
    const now = clock.now();
    const cached = state?.policy && state.policy.expires > now ? state.policy : null;

    let id: string | false;
    try {
      id = await resolvePolicy(domain, { resolver: txtResolver(resolver) });
    } catch (err) {
      // A failing lookup must not lift a policy we hold: blocking DNS is exactly what a downgrade attacker tries.
      if (cached) return cached;
      // RFC 8461 3.1: more than one record means no policy.
      if ((err as { code?: string }).code === "multi_sts_records") return null;
      throw err;
    }
    // RFC 8461 3.1: a missing record alone does not remove a cached policy; domains opt out through mode none.
    if (!id || cached?.id === id) return cached;
    if (state?.failed?.id === id && state.failed.until > now) return cached;

    const fetched = await fetchPolicy(fetchText, domain, id, now);
    if (!fetched) {
      remember(domain, { policy: state?.policy ?? null, failed: { id, until: new Date(now.getTime() + FETCH_BACKOFF_MS) } });
      return cached;
    }
    remember(domain, { policy: fetched, failed: null });
    return fetched;
  };
}

// RFC 8461 4.1: a "*." pattern stands for exactly one label, unlike mailauth's validateMx, which takes any depth.
export function mxMatchesPolicy(host: string, policy: MtaStsPolicy): boolean {
  const name = host.toLowerCase().replace(/\.$/, "");
  return policy.mx.some((pattern) => {
    const p = pattern.toLowerCase().replace(/\.$/, "");
    if (!p.startsWith("*.")) return p === name;
    const dot = name.indexOf(".");
    return dot > 0 && name.slice(dot) === p.slice(1);
  });
}

// mailauth asks through a function shaped like dns.promises.resolve; for the policy id it only needs TXT.
function txtResolver(resolver: Resolver) {
  return (name: string, rrtype: string) =>
    rrtype === "TXT" ? resolver.resolveTxt(name) : Promise.reject(new Error(`unexpected ${rrtype} lookup for ${name}`));
}

// A policy that cannot be fetched or parsed counts as absent (RFC 8461 3.3), so errors end here as null.
async function fetchPolicy(
  fetchText: (domain: string) => Promise<string | null>,
  domain: string,
  id: string,
  now: Date,
): Promise<MtaStsPolicy | null> {
  let parsed;
  try {
    const text = await fetchText(domain);
    if (text === null) return null;
    parsed = parsePolicy(text);
  } catch {
    return null;
  }
  const maxAge = parsed.maxAge ?? 0;
  return { id, mode: parsed.mode, mx: parsed.mx ?? [], maxAge, expires: new Date(now.getTime() + maxAge * 1000) };
}

// RFC 8461 3.3: HTTPS with a verified certificate, only 2xx, no redirects (node:https follows none).
function fetchPolicyText(domain: string): Promise<string> {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`fetching ${url}: ${why}`));
    const req = https.get(url, { agent: false, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        res.resume();
        fail(`http status ${status}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_POLICY_BYTES) {
          req.destroy();
          fail(`policy larger than ${MAX_POLICY_BYTES} bytes`);
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      res.on("error", (err) => fail(errorText(err)));
    });
    req.on("error", (err) => fail(errorText(err)));
  });
}
