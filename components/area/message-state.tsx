// A message's state in one word, the same in the list and on its trail. A message its sender canceled left the
// queue without success, but did not fail. (An admin's Fail and Drop both read "canceled by admin", as in mox.)
import { Badge } from "@/components/ui/badge";

// success: null or absent while queued; lastError: the error of its last result.
export function MessageState({ m, lastError = "" }: { m: { hold?: boolean; success?: boolean | null }; lastError?: string }) {
  if (m.success === true) return <Badge variant="success">delivered</Badge>;
  if (m.success === false) return lastError.startsWith("delivery canceled by the sender") ? <Badge variant="secondary">canceled</Badge> : <Badge variant="destructive">failed</Badge>;
  return m.hold ? <Badge variant="warning">held</Badge> : <Badge variant="secondary">queued</Badge>;
}

// The error of a message's last result, from its results list.
export function lastResultError(results: unknown): string {
  const last = Array.isArray(results) ? (results.at(-1) as { Error?: string } | undefined) : undefined;
  return last?.Error ?? "";
}
