import { Suspense } from "react";
import { SuppressionsPage } from "@/components/account/suppressions/suppressions-page";

export const metadata = { title: "Suppressions" };

export default function Page() {
  return (
    <Suspense>
      <SuppressionsPage />
    </Suspense>
  );
}
