"use client";
// What an account page shows until its query has data: a placeholder, or why loading failed.
import { CircleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/components/trpc/client";

export function Loaded<T>({ query, children }: { query: { data: T | undefined; error: unknown }; children: (data: T) => ReactNode }) {
  if (query.error) return <EmptyState icon={CircleAlert} title="Could not load this page" description={`${errorMessage(query.error)}. Reload the page to try again.`} />;
  if (query.data === undefined) return <Skeleton className="h-64 w-full" />;
  return children(query.data);
}
