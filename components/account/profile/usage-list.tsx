// What the account uses of its storage quota and of its daily sending limits, as meters.
import type { ReactNode } from "react";
import { formatBytes } from "@/components/ui/format-bytes";
import { UsageMeter } from "@/components/admin/accounts/usage-meter";
import type { OwnProfile } from "./types";

export function UsageList({ profile: { usage, limits } }: { profile: OwnProfile }) {
  return (
    <dl className="grid gap-4">
      <Usage term="Storage used" help={limits.quota ? undefined : "No quota."}>
        <UsageMeter used={usage.storageUsed} limit={limits.quota || undefined} format={(n) => formatBytes(n)} label="Storage used" />
      </Usage>
      <Usage term="Messages sent in the last 24 hours" help="Each recipient counts.">
        <UsageMeter used={usage.messagesToday} limit={limits.maxOutgoingMessagesPerDay} label="Messages sent in the last 24 hours" />
      </Usage>
      <Usage term="First-time recipients in the last 24 hours" help="Recipients you had never written to before.">
        <UsageMeter used={usage.firstTimeRecipientsToday} limit={limits.maxFirstTimeRecipientsPerDay} label="First-time recipients in the last 24 hours" />
      </Usage>
    </dl>
  );
}

function Usage({ term, help, children }: { term: string; help?: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[1fr_12rem] sm:items-start sm:gap-4">
      <dt className="text-sm">
        {term}
        {help && <span className="block text-[0.8125rem] text-muted-foreground">{help}</span>}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}
