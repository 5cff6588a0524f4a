"use client";
// A list's filter and sort, kept in the URL so a view can be shared and survives reloads.
import { parseAsString, useQueryStates } from "nuqs";
import { useMemo } from "react";

export type FilterField = {
  key: string;
  label: string;
  kind: "text" | "time" | "select";
  placeholder?: string;
  options?: { value: string; label: string }[];
  hidden?: boolean;
};
export type SortOption = { value: string; label: string };

export function useListState(fields: FilterField[], sorts: SortOption[]) {
  const parsers = useMemo(
    () => Object.fromEntries([...fields.map((f) => [f.key, parseAsString.withDefault("")]), ["sort", parseAsString.withDefault(sorts[0]!.value)]]),
    [fields, sorts],
  );
  const [state, setState] = useQueryStates(parsers, { history: "replace" });
  const values = state as Record<string, string>;
  return {
    values,
    sort: values.sort!,
    apply: (next: Record<string, string>) => void setState(Object.fromEntries(fields.map((f) => [f.key, next[f.key] || null]))),
    setSort: (sort: string) => void setState({ sort }),
    reset: () => void setState(Object.fromEntries([...fields.map((f) => [f.key, null]), ["sort", null]])),
  };
}

// "NextAttempt.asc" → the server's sort fields.
export function parseSort(sort: string): { field: string; asc: boolean } {
  const [field, dir] = sort.split(".");
  return { field: field ?? "", asc: dir === "asc" };
}
