"use client";
// The pages' tRPC client: queries and mutations batched over /api/trpc, subscriptions over SSE. Mutations
// carry the session's CSRF token, which the area's layout learns from session.get.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/trpc/router";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let csrfToken = "";
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (count, err) => count < 2 && !/UNAUTHORIZED|FORBIDDEN|NOT_FOUND|BAD_REQUEST/.test(String((err as { data?: { code?: string } }).data?.code)),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function TrpcRoot({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, headers: () => (csrfToken ? { "x-csrf-token": csrfToken } : {}) }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

// The message of a failed call, for toasts and form errors.
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// Field errors of a BAD_REQUEST, keyed by field name, as the server's zod schema reported them.
export function fieldErrors(err: unknown): Record<string, string[] | undefined> {
  return ((err as { data?: { fieldErrors?: Record<string, string[]> } }).data?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
}
