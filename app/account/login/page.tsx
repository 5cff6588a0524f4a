import { Suspense } from "react";
import { AccountLogin } from "@/components/account/account-login";

export const metadata = { title: "Log in" };

export default function Page() {
  return (
    <Suspense>
      <AccountLogin />
    </Suspense>
  );
}
