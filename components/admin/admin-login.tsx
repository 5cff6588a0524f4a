"use client";
// The admin login: one password field, errors on the field, and the limiter's answer in words.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { LoginCard } from "@/components/area/login-card";
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
    <LoginCard title="Admin login" description={<>The admin password is set with <code>mailroom admin password</code>.</>} onSubmit={form.handleSubmit((v) => login.mutate(v))} pending={login.isPending}>
      <FormField label="Password" htmlFor="password" error={error}>
        <Input id="password" type="password" autoComplete="current-password" autoFocus {...form.register("password")} />
      </FormField>
    </LoginCard>
  );
}
