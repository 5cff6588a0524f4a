"use client";
// /account/fromid: the login addresses that give each recipient a unique SMTP MAIL FROM (spec 6), with a
// worked example from the user's own addresses, since the feature makes little sense without one.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { useTRPC } from "@/components/trpc/client";
import { SectionCard } from "@/components/admin/section-card";
import type { AppRouterOutputs } from "@/components/admin/types";
import { Loaded } from "../profile/loaded";
import { FromIdForm } from "./fromid-form";

type Example = NonNullable<AppRouterOutputs["account"]["fromid"]["get"]["example"]>;
const GENERIC: Example = { login: "you+bounces@yourdomain", mailFrom: "you+<fromid>@yourdomain" };

export function FromIdPage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.account.fromid.get.queryOptions());
  return (
    <div className="space-y-6">
      <PageHeader title="Unique MAIL FROM" description="Match every bounce to the exact message and recipient it is about." />
      <Loaded query={query}>
        {(data) => (
          <div className="grid gap-6 lg:grid-cols-2">
            <FromIdForm addresses={data.fromIdLoginAddresses} example={data.example?.login ?? GENERIC.login} />
            <HowItWorks example={data.example} />
          </div>
        )}
      </Loaded>
    </div>
  );
}

function HowItWorks({ example }: { example: Example | null }) {
  const { login, mailFrom } = example ?? GENERIC;
  return (
    <SectionCard title="How it works">
      <ol className="list-decimal space-y-2 pl-5 text-sm">
        <li>
          Add <Code>{login}</Code> to the list and save.
        </li>
        <li>Log in with that address instead of your usual one, for the webapi or for SMTP submission, and send as always.</li>
        <li>
          Each recipient&apos;s copy gets its own envelope sender (MAIL FROM), <Code>{mailFrom}</Code>, with a random fromid. The From header stays as you wrote it.
        </li>
        <li>
          A DSN (bounce) a recipient&apos;s server sends back goes to that unique address, so it is matched to the exact message and recipient, and reported to your outgoing webhook
          as an event (e.g. failed or delayed) with its fromid.
        </li>
      </ol>
      <p className="text-sm text-muted-foreground">
        {example
          ? "Only your own addresses are accepted, with or without a suffix like +bounces."
          : "None of your addresses is on a domain with a catchall separator (like +), which fromids need: ask your admin to set one."}{" "}
        Matching uses kept messages: set how long they are kept on the{" "}
        <Link href="/account/retention" className="underline underline-offset-2">
          Retention
        </Link>{" "}
        page.
      </p>
    </SectionCard>
  );
}

function Code({ children }: { children: string }) {
  return <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.8125rem] break-all">{children}</code>;
}
