"use client";
// "Test connection": one SMTP session to the transport up to AUTH, then QUIT; the dialog shows each step.
// Nothing is sent. For kinds without one host to talk to, the dialog explains what delivery does instead.
import { useMutation } from "@tanstack/react-query";
import { CircleAlert, CircleCheck, CircleMinus, CircleX, PlugZap } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Spinner } from "@/components/ui/spinner";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { AppRouterOutputs } from "../types";

type Result = AppRouterOutputs["admin"]["transport"]["test"];
type Step = Result["steps"][number];

const STEP_LABELS: Record<Step["step"], string> = { connect: "Connect", tls: "TLS", greeting: "Greeting", ehlo: "EHLO", auth: "AUTH", quit: "QUIT" };
const STATUS = {
  ok: { icon: CircleCheck, className: "text-success", label: "ok" },
  failed: { icon: CircleX, className: "text-destructive", label: "failed" },
  warning: { icon: CircleAlert, className: "text-warning", label: "warning" },
  skipped: { icon: CircleMinus, className: "text-muted-foreground", label: "skipped" },
} as const;

export function TransportTestButton({ name }: { name: string }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const test = useMutation(trpc.admin.transport.test.mutationOptions());
  const run = () => {
    setOpen(true);
    test.mutate({ name });
  };
  return (
    <>
      <Button size="sm" variant="outline" onClick={run} disabled={test.isPending}>
        <PlugZap className="size-4" aria-hidden /> Test<span className="sr-only"> connection of {name}</span>
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="sm:max-w-xl">
          <DialogHeader>
            <DialogTitle>Connection test: {name}</DialogTitle>
            <DialogDescription>Greeting, EHLO, TLS and AUTH as a delivery would do them, then QUIT. No message is sent.</DialogDescription>
          </DialogHeader>
          <div aria-live="polite" className="grid min-w-0 gap-4">
            {test.isPending && (
              <p className="flex items-center gap-2 text-sm text-muted-foreground">
                <Spinner /> Connecting (gives up after 10 s)…
              </p>
            )}
            {test.error && <p className="text-sm text-destructive">{errorMessage(test.error)}</p>}
            {test.data && <TestReport result={test.data} />}
          </div>
        </DialogContent>
      </Dialog>
    </>
  );
}

function TestReport({ result }: { result: Result }) {
  return (
    <>
      <p className={result.ok ? "text-sm" : "text-sm font-medium text-destructive"}>{result.summary}</p>
      {result.steps.length > 0 && (
        <ol className="grid gap-2" aria-label="Steps">
          {result.steps.map((s, i) => {
            const status = STATUS[s.status];
            return (
              <li key={i} className="grid grid-cols-[1.25rem_5rem_1fr] items-start gap-2 text-sm">
                <status.icon className={`mt-0.5 size-4 ${status.className}`} aria-hidden />
                <span className="font-medium">
                  {STEP_LABELS[s.step]}
                  <span className="sr-only">: {status.label}</span>
                </span>
                <span className="min-w-0 font-mono text-xs break-words whitespace-pre-wrap">{s.detail}</span>
              </li>
            );
          })}
        </ol>
      )}
      {result.extensions.length > 0 && (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">EHLO extensions ({result.extensions.length})</summary>
          <ul className="mt-2 grid gap-1 font-mono text-xs">
            {result.extensions.map((x) => (
              <li key={x} className="break-words">
                {x}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
