import { NuqsAdapter } from "nuqs/adapters/next/app";
import type { ReactNode } from "react";
import { TrpcRoot } from "@/components/trpc/client";

export const metadata = { title: { default: "Account - Mailroom", template: "%s - Mailroom account" } };

export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <TrpcRoot>
      <NuqsAdapter>{children}</NuqsAdapter>
    </TrpcRoot>
  );
}
