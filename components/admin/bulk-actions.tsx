"use client";
// What a change applies to: the ticked rows, or every row the filter matches (counted on the server first, so
// the confirmation says how many). The actions themselves are the page's.
import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

export type Scope = "selected" | "filter";

export function BulkActions(props: {
  scope: Scope;
  onScope: (s: Scope) => void;
  selectedCount: number;
  // How many rows the filter matches, asked by the page only while the scope is "filter".
  match: { data?: number; isSuccess: boolean };
  children: (target: { count: number; ready: boolean }) => ReactNode;
}) {
  const { match } = props;
  const count = props.scope === "selected" ? props.selectedCount : (match.data ?? 0);
  const ready = props.scope === "selected" ? props.selectedCount > 0 : match.isSuccess && count > 0;
  return (
    <section aria-label="Change messages" className="flex flex-wrap items-center gap-2 rounded-lg border bg-card p-2">
      <Label htmlFor="bulk-scope" className="px-1 text-sm font-medium">
        Apply to
      </Label>
      <NativeSelect id="bulk-scope" className="w-auto" value={props.scope} onChange={(e) => props.onScope(e.target.value as Scope)}>
        <option value="selected">{props.selectedCount} selected</option>
        <option value="filter">all matching the filter{match.isSuccess ? ` (${match.data})` : ""}</option>
      </NativeSelect>
      <div className="flex flex-wrap items-center gap-2">{props.children({ count, ready })}</div>
    </section>
  );
}
