"use client";
// The account login: email address and password, errors on the field, the shared limiter's answer in words.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { LoginCard } from "@/components/area/login-card";
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
    <LoginCard title="Log in to your account" description={"With any of your email addresses and your password."} onSubmit={form.handleSubmit((v) => login.mutate(v))} pending={login.isPending}>
      <FormField label="Email address" htmlFor="address" error={e.address?.message}>
        <Input id="address" type="email" autoComplete="username" autoFocus {...form.register("address")} />
      </FormField>
      <FormField label="Password" htmlFor="password" error={e.password?.message}>
        <Input id="password" type="password" autoComplete="current-password" {...form.register("password")} />
      </FormField>
    </LoginCard>
  );
}
