"use client";
// A domain's DKIM keys: which sign outgoing mail, generate a new one, remove an old one, and the rotation
// guide on top that says what to do next.
import { useMutation, useQuery } from "@tanstack/react-query";
import { KeyRound, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { SectionCard } from "../section-card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { ConfirmButton } from "../confirm-button";
import type { AppRouterOutputs } from "../types";
import { DkimRotation } from "./dkim-rotation";
import { GenerateKeyForm } from "./generate-key-form";

type Domain = { name: string; unicodeName: string };
type Key = AppRouterOutputs["admin"]["dkim"]["list"][number];

const ALGORITHM = { ed25519: "Ed25519", rsa: "RSA 2048" } as const;

export function DkimKeys({ domain }: { domain: Domain }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.admin.dkim.list.queryOptions({ domain: domain.name }));
  const [generating, setGenerating] = useState(false);
  const list = keys.data ?? [];
  return (
    <SectionCard
      title="DKIM keys"
      description={<>Signing keys sign every outgoing message from {domain.unicodeName}; receivers check each signature against the key&apos;s DNS record.</>}
      actions={!generating && list.length > 0 && (
          <Button size="sm" variant="outline" onClick={() => setGenerating(true)}>
            <Plus aria-hidden /> Generate key
          </Button>
        )}
    >
        {list.length > 0 && <DkimRotation domain={domain} keys={list.map((k) => `${k.selector}:${k.sign}`).join(" ")} onGenerate={() => setGenerating(true)} />}
        {keys.error && (
          <p role="alert" className="text-sm text-destructive">
            {errorMessage(keys.error)}
          </p>
        )}
        {keys.isSuccess && list.length === 0 && !generating && (
          <EmptyState
            icon={KeyRound}
            title="No DKIM keys"
            description="Without a key, mail from this domain is unsigned and often lands in spam. Generate one, then publish its record below."
            action={
              <Button size="sm" onClick={() => setGenerating(true)}>
                <Plus aria-hidden /> Generate key
              </Button>
            }
          />
        )}
        {list.length > 0 && <KeyTable domain={domain} keys={list} />}
        {generating && <GenerateKeyForm domain={domain} onDone={() => setGenerating(false)} />}
    </SectionCard>
  );
}

function KeyTable({ domain, keys }: { domain: Domain; keys: Key[] }) {
  const trpc = useTRPC();
  const signSet = useMutation(
    trpc.admin.dkim.signSet.mutationOptions({
      onSuccess: (_r, v) =>
        toast.success(v.sign ? `${v.selector} signs outgoing mail.` : `${v.selector} no longer signs; its record can stay published.`, {
          action: { label: "Undo", onClick: () => signSet.mutate({ ...v, sign: !v.sign }) },
        }),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const remove = useMutation(
    trpc.admin.dkim.remove.mutationOptions({
      onSuccess: (_r, v) => toast.success(`Removed key ${v.selector}. Its DNS record can go too.`),
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const signing = keys.filter((k) => k.sign).length;
  return (
    <Table aria-label={`DKIM keys of ${domain.unicodeName}`}>
      <TableHeader>
        <TableRow>
          <TableHead>Selector</TableHead>
          <TableHead>Algorithm</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Signs</TableHead>
          <TableHead className="w-12">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((k) => (
          <TableRow key={k.selector}>
            <TableCell className="font-mono">{k.selector}</TableCell>
            <TableCell>{ALGORITHM[k.algorithm]}</TableCell>
            <TableCell>
              <RelativeTime date={k.createdAt} />
            </TableCell>
            <TableCell>
              <Switch
                aria-label={`Sign outgoing mail with ${k.selector}`}
                checked={k.sign}
                disabled={signSet.isPending}
                onCheckedChange={(sign) => signSet.mutate({ domain: domain.name, selector: k.selector, sign })}
              />
            </TableCell>
            <TableCell className="text-right">
              <ConfirmButton
                variant="outline"
                label={
                  <>
                    <Trash2 aria-hidden />
                    <span className="sr-only">Remove key {k.selector}</span>
                  </>
                }
                title={`Remove DKIM key ${k.selector}?`}
                description={
                  k.sign && signing === 1
                    ? `${k.selector} is the only key that signs: mail from ${domain.unicodeName} goes out unsigned after this. The key cannot be recovered.`
                    : `${k.selector} is deleted and cannot be recovered. Mail already signed with it verifies only while its DNS record stays published.`
                }
                confirm="Remove key"
                onConfirm={() => remove.mutate({ domain: domain.name, selector: k.selector })}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
