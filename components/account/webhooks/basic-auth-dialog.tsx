"use client";
// mox's helper for the Authorization header: a user name and password become "Basic base64(user:password)".
import { KeyRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { DialogActions } from "@/components/admin/form-actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

// UTF-8 first: btoa takes only Latin-1.
export function basicAuthorization(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

export function BasicAuthDialog({ onUse }: { onUse: (authorization: string) => void }) {
  const [open, setOpen] = useState(false);
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    onUse(basicAuthorization(user, password));
    setOpen(false);
    setPassword("");
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline">
          <KeyRound aria-hidden /> Basic auth…
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Authorization from user and password</DialogTitle>
          <DialogDescription>Fills the Authorization header with HTTP basic authentication. Nothing is saved until you save the webhook.</DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" aria-label="Basic authentication">
          <FormField label="User">
            <Input autoComplete="off" spellCheck={false} value={user} onChange={(e) => setUser(e.target.value)} />
          </FormField>
          <FormField label="Password">
            <Input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </FormField>
          <DialogActions onCancel={() => setOpen(false)} submit="Use" disabled={!user && !password} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
