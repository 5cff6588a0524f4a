// The columns of a suppression list, the same for an account's own list and the admins' list of all: the
// address (base address on hover), manual or automatic, why (with a link to the message that caused it), since
// when, and Remove behind a confirmation that says what removing does.
import { Trash2 } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { ConfirmButton } from "@/components/admin/confirm-button";
import type { Column } from "@/components/admin/data-table";

export type SuppressionListRow = {
  id: number;
  created: Date;
  baseAddress: string;
  originalAddress: string;
  manual: boolean;
  reason: string;
  source: string;
  queueMsgId: string;
  attempt: number;
  smtpCode: number;
  smtpEnhancedCode: string;
};

export function suppressionColumns<T extends SuppressionListRow>(o: {
  messageHref: (id: string) => string;
  removeDescription: (s: T) => string;
  onRemove: (s: T) => void;
  removing: boolean;
  extra?: Column<T>[];
}): Column<T>[] {
  return [
    {
      key: "address",
      header: "Address",
      cell: (s) => (
        <span title={`Base address: ${s.baseAddress}`} className="font-medium">
          {s.originalAddress}
        </span>
      ),
    },
    ...(o.extra ?? []),
    { key: "manual", header: "Manual", cell: (s) => (s.manual ? <Badge variant="secondary">manual</Badge> : <Badge variant="warning">automatic</Badge>) },
    { key: "reason", header: "Why", cell: (s) => <SuppressionCause s={s} messageHref={o.messageHref} />, className: "whitespace-normal min-w-56" },
    { key: "created", header: "Since", cell: (s) => <RelativeTime date={s.created} /> },
    {
      key: "remove",
      header: "",
      className: "text-right",
      cell: (s) => (
        <ConfirmButton
          label={
            <>
              <Trash2 className="size-4" aria-hidden />
              <span className="sr-only sm:not-sr-only">Remove</span>
            </>
          }
          variant="outline"
          title={`Remove ${s.originalAddress}?`}
          description={o.removeDescription(s)}
          confirm="Remove"
          disabled={o.removing}
          onConfirm={() => o.onRemove(s)}
        />
      ),
    },
  ];
}

// Why an entry is on the list, in words: the reason given by hand, or for an automatic entry the SMTP code and
// enhanced code (or the three failures in a row) with a link to the message and attempt that caused it.
function SuppressionCause({ s, messageHref }: { s: SuppressionListRow; messageHref: (id: string) => string }) {
  if (s.manual) return <span>{s.reason || <span className="text-muted-foreground">No reason given</span>}</span>;
  const code = [s.smtpCode || "", s.smtpEnhancedCode].filter(Boolean).join(" ");
  const what = /consecutive/.test(s.reason) ? "Three failed deliveries in a row" : code ? `Permanent failure, SMTP ${code}` : s.reason;
  const from = s.source === "DSN" ? " reported in a DSN" : s.source === "queue" ? " on delivery" : "";
  return (
    <span className="block max-w-md">
      {what}
      {from}
      {s.queueMsgId !== "0" && (
        <>
          {" · "}
          <Link className="text-primary underline underline-offset-2" href={messageHref(s.queueMsgId)}>
            message {s.queueMsgId}
            {s.attempt > 0 ? `, attempt ${s.attempt}` : ""}
          </Link>
        </>
      )}
    </span>
  );
}
