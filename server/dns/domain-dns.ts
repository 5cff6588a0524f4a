// A domain's DNS as the admin pages show it: the records to publish for its current keys, what DNS says about
// each, and where its DKIM rotation stands given which selectors are published.
import type { Db } from "../db/client";
import { dkimKeyList, rotationStep, type RotationStep } from "../dkim/keys";
import type { Resolver } from "../net/resolver";
import { domainByName } from "../store/domains";
import { checkDns, dkimVerdict, type Verdict } from "./check";
import { clientSettings, dnsRecords, mtaStsPolicy, zoneFile, type ClientSetting, type DnsRecord, type RecordsInput, type SubmissionPorts } from "./records";

export type DnsDeps = { db: Db; resolver: Resolver; hostname: string; submissionPorts: SubmissionPorts };

async function recordsInput(deps: DnsDeps, domain: string): Promise<RecordsInput> {
  const d = await domainByName(deps.db, domain);
  return { domain: d.name, hostname: deps.hostname, keys: await dkimKeyList(deps.db, d.name) };
}

export async function domainRecords(
  deps: DnsDeps,
  domain: string,
): Promise<{ records: DnsRecord[]; zone: string; mtaStsPolicy: string; clientSettings: ClientSetting[] }> {
  const records = dnsRecords(await recordsInput(deps, domain));
  return { records, zone: zoneFile(records), mtaStsPolicy: mtaStsPolicy(deps.hostname), clientSettings: clientSettings(deps.hostname, deps.submissionPorts) };
}

export async function domainCheck(deps: DnsDeps, domain: string): Promise<Verdict[]> {
  return checkDns(deps.resolver, await recordsInput(deps, domain));
}

// "Published" means the DNS check finds the selector's record with this key.
export async function domainRotation(deps: DnsDeps, domain: string): Promise<RotationStep> {
  const d = await domainByName(deps.db, domain);
  const keys = await dkimKeyList(deps.db, d.name);
  const verdicts = await Promise.all(keys.map((k) => dkimVerdict(deps.resolver, d.name, k)));
  const published = new Set(keys.filter((_, i) => verdicts[i]!.status === "ok").map((k) => k.selector));
  return rotationStep(keys, published);
}
