import { Suspense } from "react";
import { AccountsPage } from "@/components/admin/accounts/accounts-page";

export const metadata = { title: "Accounts" };

export default function Page() {
  return (
    <Suspense>
      <AccountsPage />
    </Suspense>
  );
}
