import { CheckIcon, ConstructionIcon } from "lucide-react";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageShell } from "./PageShell";

// Shown by an area whose pages are not built yet, saying plainly what will be there.
export function ComingSoon({ title, summary, items }: { title: string; summary: string; items: string[] }) {
  return (
    <PageShell title={title} description={summary}>
      <Card className="max-w-2xl">
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            <ConstructionIcon aria-hidden="true" className="size-4 text-muted-foreground" />
            Not available yet
          </CardTitle>
          <CardDescription>This area is not available yet in this version. It will offer:</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="grid gap-2">
            {items.map((item) => (
              <li key={item} className="flex items-start gap-2">
                <CheckIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
                <span>{item}</span>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </PageShell>
  );
}
