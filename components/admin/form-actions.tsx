"use client";
// The buttons that end a form: in a dialog, Cancel then the action; inline in a card, the action then Cancel.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DialogFooter } from "@/components/ui/dialog";

type Props = { onCancel: () => void; submit: ReactNode; disabled?: boolean; destructive?: boolean };

export function DialogActions({ onCancel, submit, disabled, destructive }: Props) {
  return (
    <DialogFooter>
      <Button type="button" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={disabled}>
        {submit}
      </Button>
    </DialogFooter>
  );
}

export function InlineActions({ onCancel, submit, disabled, className }: Props & { className?: string }) {
  return (
    <div className={cn("flex gap-2", className)}>
      <Button type="submit" size="sm" disabled={disabled}>
        {submit}
      </Button>
      <Button type="button" size="sm" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
