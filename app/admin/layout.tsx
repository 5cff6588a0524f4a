import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { TrpcRoot } from "@/components/trpc/client";

export const metadata = { title: { default: "Admin - Mailroom", template: "%s - Mailroom admin" } };

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <TrpcRoot>
      <NuqsAdapter>{children}</NuqsAdapter>
    </TrpcRoot>
  );
}
