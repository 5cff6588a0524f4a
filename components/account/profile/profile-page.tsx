"use client";
// /account: the user's own account (spec 11.4): full name, addresses, password, and what it uses of its
// storage quota and daily sending limits. Live updates refetch it, so the meters follow what is sent.
import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { useTRPC } from "@/components/trpc/client";
import { SectionCard } from "@/components/admin/section-card";
import { Loaded } from "./loaded";
import { FullNameForm } from "./full-name-form";
import { PasswordForm } from "./password-form";
import type { OwnProfile } from "./types";
import { UsageList } from "./usage-list";

export function ProfilePage() {
  const trpc = useTRPC();
  const query = useQuery(trpc.account.profile.get.queryOptions());
  return (
    <div className="space-y-6">
      <PageHeader title="Account" description={query.data ? `Account ${query.data.name}` : undefined} />
      <Loaded query={query}>
        {(profile) => (
          <div className="grid gap-6 lg:grid-cols-2">
            <SectionCard title="Full name">
              <FullNameForm fullName={profile.fullName} />
            </SectionCard>
            <Addresses addresses={profile.addresses} />
            <SectionCard title="Usage" description="Sending limits count the last 24 hours: once a limit is reached, submissions are refused until older sends fall out of that window.">
              <UsageList profile={profile} />
            </SectionCard>
            <SectionCard title="Change password" description="Your password for these pages, the webapi and SMTP submission. Your other logins to these pages end when you change it.">
              <PasswordForm />
            </SectionCard>
          </div>
        )}
      </Loaded>
    </div>
  );
}

// "@example.org" is the domain's catchall: mail to any address of the domain that no other account has.
function Addresses({ addresses }: { addresses: OwnProfile["addresses"] }) {
  return (
    <SectionCard title="Addresses" description="Mail to these addresses is delivered to you, and each is a login name. Ask your admin to add or remove one.">
      <ul className="divide-y rounded-md border" aria-label="Your addresses">
        {addresses.map((address) => (
          <li key={address} className="flex items-center gap-2 px-3 py-2 text-sm break-all">
            {address.startsWith("@") ? (
              <>
                <span>{address}</span>
                <Badge variant="secondary">(catchall)</Badge>
              </>
            ) : (
              address
            )}
          </li>
        ))}
      </ul>
    </SectionCard>
  );
}
