"use client";
// The filter row of a list. Edits are local until Apply (or Enter); Reset clears the URL. Time fields take
// mox's micro-syntax: "<-1h" more than an hour ago, ">1h" more than an hour ahead, "<now" due.
import { RotateCcw, Search } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import type { FilterField, SortOption } from "./use-list-state";

export function FilterBar(props: {
  fields: FilterField[];
  sorts: SortOption[];
  values: Record<string, string>;
  sort: string;
  onApply: (values: Record<string, string>) => void;
  onSort: (sort: string) => void;
  onReset: () => void;
  error?: string;
}) {
  const [draft, setDraft] = useState(props.values);
  useEffect(() => setDraft(props.values), [props.values]);
  const visible = props.fields.filter((f) => !f.hidden);
  return (
    <form
      role="search"
      className="rounded-lg border bg-card p-3"
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(draft);
      }}
    >
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[repeat(auto-fit,minmax(9rem,1fr))]">
        {visible.map((f) => (
          <div key={f.key} className="space-y-1">
            <Label htmlFor={`filter-${f.key}`} className="text-xs text-muted-foreground">
              {f.label}
            </Label>
            {f.kind === "select" ? (
              <NativeSelect id={`filter-${f.key}`} value={draft[f.key] ?? ""} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}>
                {f.options!.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </NativeSelect>
            ) : (
              <Input
                id={`filter-${f.key}`}
                value={draft[f.key] ?? ""}
                placeholder={f.placeholder ?? (f.kind === "time" ? "<-1h, >1h, <now" : "")}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                className="h-8"
              />
            )}
          </div>
        ))}
        <div className="space-y-1">
          <Label htmlFor="filter-sort" className="text-xs text-muted-foreground">
            Sort
          </Label>
          <NativeSelect id="filter-sort" value={props.sort} onChange={(e) => props.onSort(e.target.value)}>
            {props.sorts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </NativeSelect>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm">
          <Search className="size-4" aria-hidden /> Apply
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={props.onReset}>
          <RotateCcw className="size-4" aria-hidden /> Reset
        </Button>
        {props.error && (
          <p role="alert" className="text-sm text-destructive">
            {props.error}
          </p>
        )}
      </div>
    </form>
  );
}
