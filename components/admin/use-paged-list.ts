"use client";
// Keyset paging of an admin list: each page continues after the last row of the one before (its sort time and
// id), so rows that arrive meanwhile neither repeat nor go missing. Live updates refetch the loaded pages.
import { useInfiniteQuery } from "@tanstack/react-query";

export const PAGE_SIZE = 50;

type Row = { id: bigint };

export function usePagedList<T extends Row, I>(opts: {
  key: string;
  input: I;
  fetchPage: (input: I, after: { lastId: bigint; last: string } | undefined) => Promise<T[]>;
  sortTime: (row: T) => Date | null;
}) {
  const query = useInfiniteQuery({
    queryKey: ["admin-list", opts.key, opts.input],
    initialPageParam: undefined as { lastId: bigint; last: string } | undefined,
    queryFn: ({ pageParam }) => opts.fetchPage(opts.input, pageParam),
    getNextPageParam: (page) => {
      const last = page.at(-1);
      if (!last || page.length < PAGE_SIZE) return undefined;
      return { lastId: last.id, last: (opts.sortTime(last) ?? new Date(0)).toISOString() };
    },
  });
  const rows = query.data?.pages.flat() ?? [];
  return { rows, query, loadMore: () => void query.fetchNextPage(), hasMore: query.hasNextPage, loadingMore: query.isFetchingNextPage };
}
