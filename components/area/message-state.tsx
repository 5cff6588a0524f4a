// A message's state in one word, the same in the list and on its trail.
import { Badge } from "@/components/ui/badge";

// success: null or absent while queued.
export function MessageState({ m }: { m: { hold?: boolean; success?: boolean | null } }) {
  if (m.success === true) return <Badge variant="success">delivered</Badge>;
  if (m.success === false) return <Badge variant="destructive">failed</Badge>;
  return m.hold ? <Badge variant="warning">held</Badge> : <Badge variant="secondary">queued</Badge>;
}
