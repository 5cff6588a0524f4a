"use client";
// Everything an admin list page wires the same way: the filter and sort in the URL, keyset pages from the
// server (each page continues after the last row of the one before, its sort time and id, so rows that arrive
// meanwhile neither repeat nor go missing; live updates refetch the loaded pages), and the props of its
// filter bar and table.
import { useInfiniteQuery } from "@tanstack/react-query";
import { listView } from "./list-view";
import { parseSort, useListState, type FilterField, type SortOption } from "./use-list-state";

const PAGE_SIZE = 50;

type After = { lastId: bigint; last: string };
export type PageSort = { field: string; asc: boolean } & Partial<After>;

export function useAdminList<T extends { id: bigint }, F extends object>(opts: {
  key: string;
  fields: FilterField[];
  sorts: SortOption[];
  toFilter: (values: Record<string, string>) => F;
  fetchPage: (filter: F, sort: PageSort, limit: number) => Promise<T[]>;
  // The time of the row's sort field, where the next page continues.
  sortTime: (row: T, field: string) => Date | null;
}) {
  const list = useListState(opts.fields, opts.sorts);
  const filter = opts.toFilter(list.values);
  const sort = parseSort(list.sort);
  const query = useInfiniteQuery({
    queryKey: ["admin-list", opts.key, filter, sort],
    initialPageParam: undefined as After | undefined,
    queryFn: ({ pageParam }) => opts.fetchPage(filter, { ...sort, ...pageParam }, PAGE_SIZE),
    getNextPageParam: (page): After | undefined => {
      const last = page.at(-1);
      if (!last || page.length < PAGE_SIZE) return undefined;
      return { lastId: last.id, last: (opts.sortTime(last, sort.field) ?? new Date(0)).toISOString() };
    },
  });
  return {
    filter,
    filtered: Object.keys(filter).length > 0,
    ...listView(opts.fields, opts.sorts, list, query, query.data?.pages.flat() ?? []),
  };
}
