"use client";
// A list whose server pages continue after a cursor it hands back (suppressions, the audit log): filter and
// sort in the URL, "Load more" from the cursor, the total of what the filter matches when the server counts it.
import { useInfiniteQuery } from "@tanstack/react-query";
import { listView } from "./list-view";
import { useListState, type FilterField, type SortOption } from "./use-list-state";

export type CursorPage<T, C> = { rows: T[]; next: C | null; total?: number };

export function useCursorList<T, F extends object, C>(opts: {
  key: string;
  fields: FilterField[];
  sorts: SortOption[];
  toFilter: (values: Record<string, string>) => F;
  fetchPage: (filter: F, sort: string, cursor: C | undefined) => Promise<CursorPage<T, C>>;
}) {
  const list = useListState(opts.fields, opts.sorts);
  const filter = opts.toFilter(list.values);
  const query = useInfiniteQuery({
    queryKey: ["admin-cursor-list", opts.key, filter, list.sort],
    initialPageParam: undefined as C | undefined,
    queryFn: ({ pageParam }) => opts.fetchPage(filter, list.sort, pageParam as C | undefined),
    getNextPageParam: (page) => page.next ?? undefined,
  });
  const pages = query.data?.pages ?? [];
  return {
    filtered: Object.keys(filter).length > 0,
    total: pages[0]?.total,
    ...listView(opts.fields, opts.sorts, list, query, pages.flatMap((p) => p.rows)),
  };
}
