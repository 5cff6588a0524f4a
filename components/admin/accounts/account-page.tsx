"use client";
// /admin/accounts/[account]: everything about one account. Mox's admin edits only its limits; here admins
// also see and change what the account's own pages offer (webhooks, retention, fromid addresses, suppressions).
// Live updates refetch it when the account, its addresses or suppressions change.
import { useQuery } from "@tanstack/react-query";
import { UserX } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { SuppressionTable } from "../suppressions/suppression-table";
import { AccountAddresses } from "./account-addresses";
import { AccountFromId } from "./account-fromid";
import { AccountLimits } from "./account-limits";
import { AccountLogin } from "./account-login";
import { AccountProfile } from "./account-profile";
import { AccountRetention } from "./account-retention";
import { IncomingWebhook, OutgoingWebhook } from "./account-webhooks";
import { RemoveAccount } from "./remove-account";

export function AccountPage({ name }: { name: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.admin.account.get.queryOptions({ name }));
  const back = (
    <Link href="/admin/accounts" className="hover:underline">
      Accounts
    </Link>
  );
  if (query.error) {
    return (
      <EmptyState
        icon={<UserX aria-hidden />}
        title={`Account ${name} not found`}
        description={errorMessage(query.error)}
        action={
          <Button asChild size="sm" variant="outline">
            <Link href="/admin/accounts">All accounts</Link>
          </Button>
        }
      />
    );
  }
  const account = query.data;
  if (!account) return <Skeleton className="h-96 w-full" />;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={back}
        title={account.name}
        description={account.fullName || undefined}
        actions={<RemoveAccount name={account.name} />}
      >
        <div className="flex flex-wrap gap-2">
          {account.loginDisabled && <Badge variant="warning">login disabled</Badge>}
          {!account.hasPassword && <Badge variant="outline">no password</Badge>}
        </div>
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-2">
        <AccountAddresses account={account} />
        <AccountLimits account={account} />
        <AccountProfile account={account} />
        <AccountLogin account={account} />
        <OutgoingWebhook account={account} />
        <IncomingWebhook account={account} />
        <AccountRetention account={account} />
        <AccountFromId account={account} />
      </div>
      <section aria-labelledby="suppressions-heading" className="space-y-3">
        <h2 id="suppressions-heading" className="text-lg font-semibold">
          Suppression list
        </h2>
        <SuppressionTable account={account.name} />
      </section>
    </div>
  );
}
