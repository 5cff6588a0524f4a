"use client";
// Everything an admin list page wires the same way: the filter and sort in the URL, keyset pages from the
// server, and the props of its filter bar and table.
import { parseSort, useListState, type FilterField, type SortOption } from "./use-list-state";
import { PAGE_SIZE, usePagedList } from "./use-paged-list";

export type PageSort = { field: string; asc: boolean; lastId?: bigint; last?: string };

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
  const { rows, query, loadMore, hasMore, loadingMore } = usePagedList({
    key: opts.key,
    input: { filter, sort },
    fetchPage: (input, after) => opts.fetchPage(input.filter, { ...input.sort, ...after }, PAGE_SIZE),
    sortTime: (row) => opts.sortTime(row, sort.field),
  });
  return {
    filter,
    filtered: Object.keys(filter).length > 0,
    filterBar: {
      fields: opts.fields,
      sorts: opts.sorts,
      values: list.values,
      sort: list.sort,
      onApply: list.apply,
      onSort: list.setSort,
      onReset: list.reset,
      error: query.error?.message,
    },
    table: { rows, loading: query.isPending, hasMore, loadingMore, onLoadMore: loadMore },
  };
}
