"use client";
// The test request as it goes out: its headers and an equivalent curl command, built as the sender builds
// them. Before sending, the Authorization saved on the server and the signature (made at the moment of
// sending) are shown as placeholders; after sending, the real signature and the string it signs.
import { CopyButton } from "@/components/ui/copy-button";
import { curlCommand, hookHeaders } from "@/server/webhook/request-headers";

export const SAVED_AUTHORIZATION = "<your saved Authorization>";
const PENDING_SIGNATURE = "t=<unix time of sending>,v1=<HMAC-SHA256, made when sent>";

export function requestHeaders(o: { authorization: string; signed: boolean; signature?: string }) {
  return hookHeaders({ id: 1, attempt: 1, authorization: o.authorization, signature: o.signature || (o.signed ? PENDING_SIGNATURE : "") });
}

export function RequestPreview(props: { url: string; headers: Record<string, string>; body: string; signedString?: string }) {
  const headerText = Object.entries(props.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  const curl = curlCommand(props.url || "<URL>", props.headers, props.body);
  return (
    <div className="grid min-w-0 gap-3">
      <Block title="Request headers" text={headerText} copyLabel="Copy headers" />
      <Block title="curl command" text={curl} copyLabel="Copy curl command" />
      {props.signedString && <Block title="Signed string (<t>.<body>)" text={props.signedString} copyLabel="Copy signed string" />}
    </div>
  );
}

function Block({ title, text, copyLabel }: { title: string; text: string; copyLabel: string }) {
  return (
    <section aria-label={title} className="grid min-w-0 gap-1">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-medium">{title}</h3>
        <CopyButton value={text} label={copyLabel} />
      </div>
      <pre className="max-h-48 overflow-auto rounded-md bg-muted p-2 text-xs whitespace-pre-wrap break-all">{text}</pre>
    </section>
  );
}
