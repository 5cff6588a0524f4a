// The card every area's login page is: the product's name, what to log in with, the fields and the button.
import { Mail } from "lucide-react";
import type { FormEventHandler, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export function LoginCard(props: { title: string; description: ReactNode; onSubmit: FormEventHandler; pending: boolean; children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <div className="mb-2 flex items-center gap-2 font-semibold">
            <Mail className="size-5 text-primary" aria-hidden /> Mailroom
          </div>
          <CardTitle>
            <h1>{props.title}</h1>
          </CardTitle>
          <CardDescription>{props.description}</CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={props.onSubmit} className="space-y-4" noValidate>
            {props.children}
            <Button type="submit" className="w-full" disabled={props.pending}>
              {props.pending ? "Logging in…" : "Log in"}
            </Button>
          </form>
        </CardContent>
      </Card>
    </main>
  );
}
