"use client";
// An admin list's table: optional row selection, a "Load more" footer, and an empty state that says what to do.
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";

export type Column<T> = { key: string; header: string; cell: (row: T) => ReactNode; className?: string };

export function DataTable<T extends { id: bigint | number | string }>(props: {
  label: string;
  columns: Column<T>[];
  rows: T[];
  loading: boolean;
  error?: string;
  selected?: Set<string>;
  onSelectedChange?: (next: Set<string>) => void;
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: () => void;
  empty: { icon: ReactNode; title: string; description: string; action?: ReactNode };
}) {
  const { selected, onSelectedChange } = props;
  const selectable = selected !== undefined && onSelectedChange !== undefined;
  const allSelected = selectable && props.rows.length > 0 && props.rows.every((r) => selected.has(String(r.id)));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onSelectedChange!(next);
  };

  if (props.error) return <p role="alert" className="rounded-lg border border-destructive/50 p-4 text-sm text-destructive">{props.error}</p>;
  if (props.loading) return <Skeleton className="h-40 w-full" />;
  if (props.rows.length === 0) return <EmptyState icon={props.empty.icon} title={props.empty.title} description={props.empty.description} action={props.empty.action} />;
  return (
    <div className="rounded-lg border bg-card">
      <Table aria-label={props.label}>
        <TableHeader>
          <TableRow>
            {selectable && (
              <TableHead className="w-8">
                <Checkbox
                  aria-label="Select all loaded rows"
                  checked={allSelected}
                  onCheckedChange={(on) => onSelectedChange!(on ? new Set(props.rows.map((r) => String(r.id))) : new Set())}
                />
              </TableHead>
            )}
            {props.columns.map((c) => (
              <TableHead key={c.key} className={cn("whitespace-nowrap", c.className)}>
                {c.header}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {props.rows.map((row) => {
            const id = String(row.id);
            return (
              <TableRow key={id} data-state={selected?.has(id) ? "selected" : undefined} data-row-id={id}>
                {selectable && (
                  <TableCell>
                    <Checkbox aria-label={`Select ${id}`} checked={selected.has(id)} onCheckedChange={(on) => toggle(id, on === true)} />
                  </TableCell>
                )}
                {props.columns.map((c) => (
                  <TableCell key={c.key} className={cn("whitespace-nowrap", c.className)}>
                    {c.cell(row)}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <div className="flex items-center justify-between border-t px-3 py-2 text-sm text-muted-foreground">
        <span>
          {props.rows.length} shown{selectable && selected.size > 0 ? `, ${selected.size} selected` : ""}
        </span>
        {props.hasMore && (
          <Button size="sm" variant="outline" onClick={props.onLoadMore} disabled={props.loadingMore}>
            {props.loadingMore ? "Loading…" : "Load more"}
          </Button>
        )}
      </div>
    </div>
  );
}
