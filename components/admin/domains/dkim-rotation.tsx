"use client";
// The guided DKIM rotation: new selector, published, switch signing, retire the old. The server derives the
// step from the keys and from whether DNS has each selector's record, and says what to do; the action for
// the step is one button here.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Check, RefreshCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { ConfirmButton } from "../confirm-button";
import { NOT_LIVE } from "./dns-status";
import { useDnsCheck } from "./use-dns-check";

type Domain = { name: string; unicodeName: string };

const STEPS = ["New selector", "Published", "Switch signing", "Retire the old"];

// keys: the keys' selectors and signing state; the step is asked for again when they change (it looks DNS up,
// so it is not refetched at every live change).
export function DkimRotation({ domain, keys, onGenerate }: { domain: Domain; keys: string; onGenerate: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rotation = useQuery(trpc.admin.dkim.rotation.queryOptions({ domain: domain.name }, { meta: NOT_LIVE }));
  const rotationKey = trpc.admin.dkim.rotation.queryKey({ domain: domain.name });
  const seenKeys = useRef(keys);
  useEffect(() => {
    if (seenKeys.current === keys) return;
    seenKeys.current = keys;
    void queryClient.invalidateQueries({ queryKey: rotationKey });
  }, [keys, queryClient, rotationKey]);
  const dns = useDnsCheck(domain.name);
  const onError = (err: unknown) => toast.error(errorMessage(err));
  const switchSigning = useMutation(
    trpc.admin.dkim.switchSigning.mutationOptions({ onError, onSuccess: (_r, v) => toast.success(`${v.selector} signs outgoing mail now.`) }),
  );
  const remove = useMutation(
    trpc.admin.dkim.remove.mutationOptions({ onError, onSuccess: (_r, v) => toast.success(`Retired ${v.selector}. Remove its DNS record too.`) }),
  );
  if (!rotation.data) return null;
  const r = rotation.data;
  // Step 0 is "nothing to do": every step done.
  const current = r.step === 0 ? STEPS.length + 1 : r.step;
  return (
    <section aria-labelledby="rotation-heading" className="space-y-3 rounded-md border bg-muted/40 p-3">
      <h3 id="rotation-heading" className="text-sm font-semibold">
        Key rotation
      </h3>
      <ol className="grid gap-2 text-[0.8125rem] sm:grid-cols-4">
        {STEPS.map((label, i) => {
          const n = i + 1;
          const state = n < current ? "done" : n === current ? "current" : "todo";
          return (
            <li
              key={label}
              aria-current={state === "current" ? "step" : undefined}
              className={cn("flex items-center gap-2", state === "todo" && "text-muted-foreground", state === "current" && "font-semibold")}
            >
              <span
                aria-hidden
                className={cn(
                  "flex size-5 shrink-0 items-center justify-center rounded-full border text-xs",
                  state === "done" && "border-success bg-success/10 text-success",
                  state === "current" && "border-primary bg-primary text-primary-foreground",
                )}
              >
                {state === "done" ? <Check className="size-3" /> : n}
              </span>
              {label}
              <span className="sr-only">{state === "done" ? " (done)" : state === "current" ? " (current step)" : ""}</span>
            </li>
          );
        })}
      </ol>
      <p className="text-sm" role="status">
        {r.text}
      </p>
      <div className="flex flex-wrap gap-2">
        {(r.action === "generate" || r.action === "rotate") && (
          <Button size="sm" variant={r.action === "generate" ? "default" : "outline"} onClick={onGenerate}>
            {r.action === "generate" ? "Generate a key" : "Start a rotation"}
          </Button>
        )}
        {r.action === "publish" && (
          <Button size="sm" variant="outline" disabled={dns.checking || rotation.isFetching} onClick={() => void dns.run()}>
            <RefreshCw aria-hidden className={cn(dns.checking && "animate-spin")} /> Confirm {r.selector} is published
          </Button>
        )}
        {r.action === "switch" && (
          <Button size="sm" disabled={switchSigning.isPending} onClick={() => switchSigning.mutate({ domain: domain.name, selector: r.selector })}>
            Switch signing to {r.selector}
          </Button>
        )}
        {r.action === "retire" && (
          <ConfirmButton
            label={`Retire ${r.selector}`}
            title={`Retire DKIM key ${r.selector}?`}
            description={`${r.selector} is deleted. Mail it signed earlier no longer verifies once you also remove its DNS record, so wait a few days after switching.`}
            confirm={`Retire ${r.selector}`}
            onConfirm={() => remove.mutate({ domain: domain.name, selector: r.selector })}
          />
        )}
      </div>
    </section>
  );
}
