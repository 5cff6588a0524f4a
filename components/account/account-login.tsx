"use client";
// The account login: email address and password, errors on the field, the shared limiter's answer in words.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Mail } from "lucide-react";
import { useRouter, useSearchParams } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/components/trpc/client";
import { accountLoginSchema } from "@/server/trpc/account/login-schema";

type Form = z.infer<typeof accountLoginSchema>;

export function AccountLogin() {
  const trpc = useTRPC();
  const router = useRouter();
  const next = useSearchParams().get("next");
  const form = useForm<Form>({ resolver: zodResolver(accountLoginSchema), defaultValues: { address: "", password: "" } });
  const login = useMutation(
    trpc.account.session.login.mutationOptions({
      onSuccess: () => router.replace(next?.startsWith("/account") ? next : "/account"),
      onError: (err) => form.setError("password", { message: err.message }),
    }),
  );
  const e = form.formState.errors;
  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <div className="mb-2 flex items-center gap-2 font-semibold">
            <Mail className="size-5 text-primary" aria-hidden /> Mailroom
          </div>
          <CardTitle>
            <h1>Log in to your account</h1>
          </CardTitle>
          <CardDescription>With any of your email addresses and your password.</CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={form.handleSubmit((v) => login.mutate(v))} className="space-y-4" noValidate>
            <FormField label="Email address" htmlFor="address" error={e.address?.message}>
              <Input id="address" type="email" autoComplete="username" autoFocus {...form.register("address")} />
            </FormField>
            <FormField label="Password" htmlFor="password" error={e.password?.message}>
              <Input id="password" type="password" autoComplete="current-password" {...form.register("password")} />
            </FormField>
            <Button type="submit" className="w-full" disabled={login.isPending}>
              {login.isPending ? "Logging in…" : "Log in"}
            </Button>
          </form>
        </CardContent>
      </Card>
    </main>
  );
}
