"use client";
// The admin login: one password field, errors on the field, and the limiter's answer in words.
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
import { adminLoginSchema } from "@/server/trpc/admin/schemas";

type Form = z.infer<typeof adminLoginSchema>;

export function AdminLogin() {
  const trpc = useTRPC();
  const router = useRouter();
  const next = useSearchParams().get("next");
  const form = useForm<Form>({ resolver: zodResolver(adminLoginSchema), defaultValues: { password: "" } });
  const login = useMutation(
    trpc.admin.session.login.mutationOptions({
      onSuccess: () => router.replace(next?.startsWith("/admin") ? next : "/admin"),
      onError: (err) => form.setError("password", { message: err.message }),
    }),
  );
  const error = form.formState.errors.password?.message;
  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <div className="mb-2 flex items-center gap-2 font-semibold">
            <Mail className="size-5 text-primary" aria-hidden /> Mailroom
          </div>
          <CardTitle>
            <h1>Admin login</h1>
          </CardTitle>
          <CardDescription>The admin password is set with <code>mailroom admin password</code>.</CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={form.handleSubmit((v) => login.mutate(v))} className="space-y-4" noValidate>
            <FormField label="Password" htmlFor="password" error={error}>
              <Input id="password" type="password" autoComplete="current-password" autoFocus {...form.register("password")} />
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
