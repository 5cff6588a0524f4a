// A titled part of a page: a card with its heading, a line of description, the part's actions on the right.
import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export function SectionCard(props: { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; contentClassName?: string }) {
  return (
    <Card className={props.className}>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3 space-y-0">
        <div className="space-y-1">
          <CardTitle>
            <h2>{props.title}</h2>
          </CardTitle>
          {props.description && <CardDescription>{props.description}</CardDescription>}
        </div>
        {props.actions}
      </CardHeader>
      <CardContent className={props.contentClassName ?? "space-y-4"}>{props.children}</CardContent>
    </Card>
  );
}
