"use client";
// mox's "Test" popup for a webhook (spec 11.4): edit a sample payload, see the exact request and a curl command,
// Send one POST (hook 1, attempt 1) to the URL and Authorization in the form, saved or not, and see the HTTP
// code, the response body and the error. The call itself succeeds whatever status the receiver answers.
import { useMutation } from "@tanstack/react-query";
import { FlaskConical, Send } from "lucide-react";
import { useState } from "react";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { errorMessage, fieldErrors, useTRPC } from "@/components/trpc/client";
import { goJsonStringify } from "@/server/webhook/payload-json";
import { sampleIncomingPayload, sampleOutgoingPayload, type outgoingPayloadSchema } from "@/server/webhook/test-schema";
import { RequestPreview, requestHeaders, SAVED_AUTHORIZATION } from "./request-preview";
import { IncomingSampleEditor, OutgoingSampleEditor } from "./sample-editors";

type Props = { kind: "outgoing" | "incoming"; url: string; authorization: string | undefined; authorizationSet: boolean; signed: boolean };

export function TestDialog(props: Props) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline">
          <FlaskConical aria-hidden /> Test
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle>Test the {props.kind} webhook</DialogTitle>
          <DialogDescription>One call to {props.url || "the URL in the form"}, with the Authorization in the form; nothing is saved, queued or retried.</DialogDescription>
        </DialogHeader>
        {open && <TestForm {...props} />}
      </DialogContent>
    </Dialog>
  );
}

function TestForm(props: Props) {
  const trpc = useTRPC();
  const [payload, setPayload] = useState<Record<string, unknown> | null>(() => (props.kind === "outgoing" ? sampleOutgoingPayload() : sampleIncomingPayload()));
  const send = useMutation(trpc.account.webhook.test.mutationOptions());
  const authorization = props.authorization ?? (props.authorizationSet ? SAVED_AUTHORIZATION : "");
  const body = payload ? goJsonStringify(payload, "\t") : "";
  const sent = send.data;
  const headers = requestHeaders({ authorization, signed: props.signed, signature: sent?.signature });
  const refusal = send.error ? Object.values(fieldErrors(send.error)).flat().filter(Boolean).join("; ") || errorMessage(send.error) : "";
  const submit = () => {
    if (!payload) return;
    const input = { url: props.url, authorization: props.authorization };
    send.mutate(props.kind === "outgoing" ? { kind: "outgoing", ...input, payload: payload as z.input<typeof outgoingPayloadSchema> } : { kind: "incoming", ...input, payload });
  };
  return (
    <div className="grid min-w-0 gap-4">
      {props.kind === "outgoing" ? <OutgoingSampleEditor onPayload={setPayload} /> : <IncomingSampleEditor onPayload={setPayload} />}
      <RequestPreview url={props.url} headers={headers} body={body} signedString={sent?.signedString} />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" onClick={submit} disabled={!payload || send.isPending}>
          <Send aria-hidden /> {send.isPending ? "Sending…" : "Send"}
        </Button>
        {!payload && <span className="text-sm text-destructive">Fix the sample payload first.</span>}
      </div>
      {refusal && (
        <p role="alert" className="text-sm font-medium text-destructive">
          {refusal}
        </p>
      )}
      {sent && (
        <section aria-label="Test result" className="grid gap-2 rounded-md border p-3 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">HTTP code</span>
            <Badge variant={sent.code === 200 ? "success" : "destructive"}>{sent.code || "no response"}</Badge>
          </div>
          {sent.error && <p className="break-words text-destructive">Error: {sent.error}</p>}
          <div className="grid gap-1">
            <span className="font-medium">Response body</span>
            <pre className="max-h-40 overflow-auto rounded bg-muted p-2 text-xs whitespace-pre-wrap break-all">{sent.response || "(empty)"}</pre>
          </div>
        </section>
      )}
    </div>
  );
}
