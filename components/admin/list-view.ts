// The props a list page hands its filter bar and table, the same for every kind of server paging.
import type { FilterField, SortOption, useListState } from "./use-list-state";

type InfiniteQuery = {
  error: { message: string } | null;
  isPending: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

export function listView<T>(fields: FilterField[], sorts: SortOption[], list: ReturnType<typeof useListState>, query: InfiniteQuery, rows: T[]) {
  return {
    filterBar: {
      fields,
      sorts,
      values: list.values,
      sort: list.sort,
      onApply: list.apply,
      onSort: list.setSort,
      onReset: list.reset,
      error: query.error?.message,
    },
    table: {
      rows,
      loading: query.isPending,
      hasMore: query.hasNextPage,
      loadingMore: query.isFetchingNextPage,
      onLoadMore: () => void query.fetchNextPage(),
    },
  };
}
