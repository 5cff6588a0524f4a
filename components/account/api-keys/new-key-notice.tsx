"use client";
// The key just made, the one time it is shown: copy it now, with a curl call that uses it.
import { useQuery } from "@tanstack/react-query";
import { TriangleAlert } from "lucide-react";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { useTRPC } from "@/components/trpc/client";
import type { NewApiKey } from "./types";

export function NewKeyNotice({ made, onDone }: { made: NewApiKey; onDone: () => void }) {
  const trpc = useTRPC();
  const notice = useRef<HTMLElement>(null);
  // Keyboard and screen reader users land here, one Tab from the copy button.
  useEffect(() => notice.current?.focus(), [made]);
  const session = useQuery(trpc.account.session.get.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
  const login = session.data?.loginAddress ?? "you@example.org";
  const method = made.key.scopes.includes("suppressions") ? "SuppressionList" : made.key.scopes.includes("send") ? "Send" : "MessageGet";
  const request = { SuppressionList: "{}", Send: `{"To": [{"Address": "${login}"}], "Subject": "hi", "Text": "Sent with an API key."}`, MessageGet: '{"MsgID": 1}' }[method];
  // Shown only after a create in the browser, never rendered on the server.
  const curl = `curl -sS -u '${login}:${made.secret}' ${window.location.origin}/webapi/v0/${method} --data-urlencode 'request=${request}'`;
  return (
    <section ref={notice} tabIndex={-1} role="status" aria-labelledby="new-key-title" className="grid gap-3 rounded-lg border border-warning/40 bg-warning/10 p-4 text-sm outline-none focus-visible:ring-2 focus-visible:ring-ring">
      <h2 id="new-key-title" className="flex items-center gap-2 font-semibold">
        <TriangleAlert className="size-4 shrink-0 text-warning" aria-hidden /> Copy the key “{made.key.name}” now: it is not shown again
      </h2>
      <p>Only a hash of it is kept, so nobody can show it to you later. If it gets lost, revoke it and create another.</p>
      <div className="flex items-center gap-2">
        <code aria-label="New API key" className="min-w-0 flex-1 rounded bg-background p-2 font-mono text-xs break-all">
          {made.secret}
        </code>
        <CopyButton value={made.secret} label="Copy API key" />
      </div>
      <p className="text-muted-foreground">Use it as the password with any of your addresses:</p>
      <div className="flex items-start gap-2">
        <pre className="min-w-0 flex-1 overflow-x-auto rounded bg-background p-2 font-mono text-xs whitespace-pre-wrap break-all">{curl}</pre>
        <CopyButton value={curl} label="Copy curl command" />
      </div>
      <div>
        <Button size="sm" variant="outline" onClick={onDone}>
          I have stored it
        </Button>
      </div>
    </section>
  );
}
