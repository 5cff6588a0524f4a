"use client";
// "Which route would this message take": evaluates the routes as a delivery attempt would, for a sender,
// a recipient and an attempt number, and says why each earlier route did not match. The answer follows
// route changes live, as every query of the page does.
import { zodResolver } from "@hookform/resolvers/zod";
import { skipToken, useQuery } from "@tanstack/react-query";
import { CircleCheck, CircleX } from "lucide-react";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/components/trpc/client";
import { routeTestSchema } from "@/server/trpc/admin/route-schemas";
import type { AppRouterOutputs } from "../types";
import { showServerErrors } from "../server-errors";

type Form = z.input<typeof routeTestSchema>;
type Result = AppRouterOutputs["admin"]["route"]["test"];

export function RouteTester() {
  const trpc = useTRPC();
  const [asked, setAsked] = useState<Form | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(routeTestSchema), defaultValues: { sender: "", recipient: "", attempt: 1 } });
  const answer = useQuery(trpc.admin.route.test.queryOptions(asked ?? skipToken));
  useEffect(() => {
    if (answer.error) showServerErrors(form, answer.error);
  }, [answer.error, form]);
  const e = form.formState.errors;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Which route would a message take?</h2>
        </CardTitle>
        <CardDescription>The sender&apos;s account is found from the address; the attempt number counts from 1 (the first delivery attempt).</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form onSubmit={form.handleSubmit(setAsked)} noValidate className="grid gap-3 sm:grid-cols-[1fr_1fr_7rem_auto] sm:items-start" aria-label="Route tester">
          <FormField label="Sender" error={e.sender?.message}>
            <Input type="email" autoComplete="off" spellCheck={false} placeholder="alice@example.org" {...form.register("sender")} />
          </FormField>
          <FormField label="Recipient" error={e.recipient?.message}>
            <Input type="email" autoComplete="off" spellCheck={false} placeholder="bob@example.net" {...form.register("recipient")} />
          </FormField>
          <FormField label="Attempt" error={e.attempt?.message}>
            <Input type="number" inputMode="numeric" min={1} {...form.register("attempt", { valueAsNumber: true })} />
          </FormField>
          <Button type="submit" className="sm:mt-[1.375rem]" disabled={answer.isFetching}>
            Find route
          </Button>
        </form>
        <div aria-live="polite">{answer.data && <Answer result={answer.data} />}</div>
      </CardContent>
    </Card>
  );
}

function Answer({ result }: { result: Result }) {
  return (
    <div className="grid gap-3 rounded-md border p-3">
      <p className="text-sm font-medium">{result.summary}</p>
      {result.notes.map((n) => (
        <p key={n} className="text-[0.8125rem] text-muted-foreground">
          {n}
        </p>
      ))}
      {result.considered.length > 0 && (
        <ol className="grid gap-2" aria-label="Routes considered, in order">
          {result.considered.map((c) => (
            <li key={c.id} className="grid grid-cols-[1.25rem_1fr] gap-2 text-sm">
              {c.matched ? <CircleCheck className="mt-0.5 size-4 text-success" aria-hidden /> : <CircleX className="mt-0.5 size-4 text-muted-foreground" aria-hidden />}
              <div className="min-w-0">
                <span className="font-medium">
                  Route {c.position} of {c.scope.label}
                </span>{" "}
                (over {c.transport}): {c.matched ? "matches" : "does not match"}
                {c.reasons.length > 0 && (
                  <ul className="mt-1 list-disc pl-5 text-[0.8125rem] break-words text-muted-foreground">
                    {c.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
