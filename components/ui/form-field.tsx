"use client";
// A label, the control, a hint and the field's error. The control (the only child) gets aria-invalid and
// aria-describedby, so screen readers read the error with it.
import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";
import { Label } from "./label";

export function FormField({ label, htmlFor, description, error, children }: { label: string; htmlFor: string; description?: ReactNode; error?: string; children: ReactNode }) {
  const hintId = `${htmlFor}-hint`;
  const errorId = `${htmlFor}-error`;
  const describedBy = [description ? hintId : "", error ? errorId : ""].filter(Boolean).join(" ") || undefined;
  const child = Children.only(children);
  const control = isValidElement(child)
    ? cloneElement(child as ReactElement<Record<string, unknown>>, { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })
    : child;
  return (
    <div className="space-y-1.5">
      <Label htmlFor={htmlFor}>{label}</Label>
      {control}
      {description && (
        <p id={hintId} className="text-xs text-muted-foreground">
          {description}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-sm text-destructive-text">
          {error}
        </p>
      )}
    </div>
  );
}
