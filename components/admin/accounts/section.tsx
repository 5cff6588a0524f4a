// A titled part of the account page, and its Save button (enabled once something changed).
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export function Section({ title, description, children, className }: { title: string; description?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>
          <h2>{title}</h2>
        </CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent className="space-y-4">{children}</CardContent>
    </Card>
  );
}

export function SaveButton({ canSave, saving, label = "Save" }: { canSave: boolean; saving: boolean; label?: string }) {
  return (
    <Button type="submit" size="sm" disabled={!canSave}>
      {saving ? "Saving…" : label}
    </Button>
  );
}
