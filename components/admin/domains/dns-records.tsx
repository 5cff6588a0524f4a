"use client";
// The DNS records to publish for a domain, each with what DNS has now in words, as a table with copy buttons
// and as one zone-file block; the MTA-STS policy file; and the settings mail programs need to send.
import { useQuery } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SectionCard } from "../section-card";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { AppRouterOutputs } from "../types";
import { VerdictBadge, type Verdict } from "./dns-status";
import { useDnsCheck } from "./use-dns-check";

type Records = AppRouterOutputs["admin"]["domain"]["records"];
type Domain = { name: string; unicodeName: string };

export function DnsRecords({ domain }: { domain: Domain }) {
  const trpc = useTRPC();
  const records = useQuery(trpc.admin.domain.records.queryOptions({ domain: domain.name }));
  const dns = useDnsCheck(domain.name);
  const verdicts = new Map((dns.check.data?.verdicts ?? []).map((v) => [v.id, v]));
  return (
    <>
      <SectionCard
        title="DNS records"
        description={<>Publish these in the zone of {domain.unicodeName}. The check looks each one up through this server&apos;s resolver
              {dns.check.data ? (
                <>
                  {" "}
                  (last checked <RelativeTime date={dns.check.data.checkedAt} />)
                </>
              ) : null}
              .</>}
        actions={<><Button size="sm" variant="outline" disabled={dns.checking} onClick={() => void dns.run()}>
            <RefreshCw aria-hidden className={cn(dns.checking && "animate-spin")} /> Check DNS
          </Button></>}
       contentClassName="space-y-6">
          {dns.check.error && (
            <p role="alert" className="text-sm text-destructive">
              The check failed: {errorMessage(dns.check.error)}
            </p>
          )}
          {records.error && (
            <p role="alert" className="text-sm text-destructive">
              {errorMessage(records.error)}
            </p>
          )}
          {records.isPending && <Skeleton className="h-48 w-full" />}
          {records.data && (
            <>
              <RecordTable records={records.data.records} verdicts={verdicts} checking={dns.checking && !dns.check.data} />
              <ZoneBlock zone={records.data.zone} />
              <MtaStsPolicy domain={domain} policy={records.data.mtaStsPolicy} />
            </>
          )}
      </SectionCard>
      {records.data && <ClientSettings settings={records.data.clientSettings} />}
    </>
  );
}

function RecordTable({ records, verdicts, checking }: { records: Records["records"]; verdicts: Map<string, Verdict>; checking: boolean }) {
  return (
    <Table aria-label="DNS records to publish" className="min-w-[44rem]">
      <TableHeader>
        <TableRow>
          <TableHead className="w-56">Name</TableHead>
          <TableHead className="w-16">Type</TableHead>
          <TableHead>Value</TableHead>
          <TableHead className="w-64">Check</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {records.map((r) => {
          const v = verdicts.get(r.id);
          return (
            <TableRow key={r.id} data-record={r.id} className="align-top">
              <TableCell className="whitespace-normal">
                <div className="flex items-start gap-1">
                  <span className="font-mono text-[0.8125rem] break-all">{r.name}</span>
                  <CopyButton value={r.name} label={`Copy the name ${r.name}`} />
                </div>
                <p className="mt-1 text-xs text-muted-foreground">{r.purpose}</p>
              </TableCell>
              <TableCell>
                <Badge variant="outline">{r.type}</Badge>
              </TableCell>
              <TableCell className="whitespace-normal">
                <div className="flex max-w-md items-start gap-1">
                  <code className="min-w-0 font-mono text-[0.8125rem] break-all">{r.value}</code>
                  <CopyButton value={r.value} label={`Copy the ${r.type} value of ${r.name}`} />
                </div>
              </TableCell>
              <TableCell className="whitespace-normal">
                {v ? (
                  <div className="space-y-1">
                    <VerdictBadge status={v.status} />
                    <p className="text-[0.8125rem]">{v.message}</p>
                    {v.status !== "ok" && v.found.length > 0 && (
                      <p className="font-mono text-xs break-all text-muted-foreground">Found: {v.found.join(" | ")}</p>
                    )}
                  </div>
                ) : (
                  <span className="text-muted-foreground">{checking ? "Checking…" : "Not checked"}</span>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function ZoneBlock({ zone }: { zone: string }) {
  return (
    <section aria-labelledby="zone-heading" className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="zone-heading" className="text-sm font-semibold">
          As a zone file
        </h3>
        <CopyButton value={zone} variant="outline" label="Copy the zone block">
          Copy zone block
        </CopyButton>
      </div>
      <pre className="overflow-x-auto rounded-md border bg-muted p-3 font-mono text-xs leading-5" tabIndex={0} aria-label="Zone file block">
        {zone}
      </pre>
    </section>
  );
}

function MtaStsPolicy({ domain, policy }: { domain: Domain; policy: string }) {
  const url = `https://mta-sts.${domain.name}/.well-known/mta-sts.txt`;
  return (
    <section aria-labelledby="mta-sts-heading" className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="mta-sts-heading" className="text-sm font-semibold">
          MTA-STS policy
        </h3>
        <CopyButton value={policy} variant="outline" label="Copy the MTA-STS policy">
          Copy policy
        </CopyButton>
      </div>
      <p className="text-sm text-muted-foreground">
        Senders fetch it from <code className="font-mono break-all">{url}</code>, which needs a certificate for mta-sts.{domain.name}.
      </p>
      <pre className="overflow-x-auto rounded-md border bg-muted p-3 font-mono text-xs leading-5" tabIndex={0} aria-label="MTA-STS policy file">
        {policy}
      </pre>
    </section>
  );
}

function ClientSettings({ settings }: { settings: Records["clientSettings"] }) {
  return (
    <SectionCard title="Mail program settings" description="For sending from a mail program: log in with the account's email address and password.">
        <Table aria-label="Mail program settings">
          <TableHeader>
            <TableRow>
              <TableHead>Protocol</TableHead>
              <TableHead>Host</TableHead>
              <TableHead>Port</TableHead>
              <TableHead>Security</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {settings.map((s) => (
              <TableRow key={s.port}>
                <TableCell>{s.protocol}</TableCell>
                <TableCell>
                  <span className="font-mono">{s.host}</span>
                  <CopyButton value={s.host} label={`Copy the host ${s.host}`} className="ml-1 align-middle" />
                </TableCell>
                <TableCell className="font-mono">{s.port}</TableCell>
                <TableCell>{s.security}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
    </SectionCard>
  );
}
