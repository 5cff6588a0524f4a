import { Suspense } from "react";
import { RetiredPage } from "@/components/admin/retired-page";

export const metadata = { title: "Retired messages" };

export default function Page() {
  return (
    <Suspense>
      <RetiredPage />
    </Suspense>
  );
}
