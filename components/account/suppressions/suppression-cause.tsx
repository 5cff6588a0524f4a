// Why an entry is on the list, in words: the reason given by hand, or for an automatic entry the SMTP code
// and enhanced code (or the three failures in a row) with a link to the message that caused it.
import Link from "next/link";
import type { AppRouterOutputs } from "@/components/admin/types";

export type SuppressionRow = AppRouterOutputs["account"]["suppression"]["list"]["rows"][number];

export function SuppressionCause({ s }: { s: SuppressionRow }) {
  if (s.manual) return <span>{s.reason || <span className="text-muted-foreground">No reason given</span>}</span>;
  const consecutive = /consecutive/.test(s.reason);
  const code = [s.smtpCode || "", s.smtpEnhancedCode].filter(Boolean).join(" ");
  const what = consecutive ? "Three failed deliveries in a row" : code ? `Permanent failure, SMTP ${code}` : s.reason;
  const from = s.source === "DSN" ? " reported in a DSN" : s.source === "queue" ? " on delivery" : "";
  return (
    <span className="block max-w-md">
      {what}
      {from}
      {s.queueMsgId !== "0" && (
        <>
          {" · "}
          <Link className="text-primary underline underline-offset-2" href={`/account/messages/${s.queueMsgId}`}>
            message {s.queueMsgId}
            {s.attempt > 0 ? `, attempt ${s.attempt}` : ""}
          </Link>
        </>
      )}
    </span>
  );
}
