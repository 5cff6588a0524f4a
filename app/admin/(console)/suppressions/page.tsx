import { Suspense } from "react";
import { SuppressionsPage } from "@/components/admin/suppressions/suppressions-page";

export const metadata = { title: "Suppressions" };

export default function Page() {
  return (
    <Suspense>
      <SuppressionsPage />
    </Suspense>
  );
}
