import { Suspense } from "react";
import { OverviewPage } from "@/components/admin/overview-page";

export const metadata = { title: "Overview" };

export default function Page() {
  return (
    <Suspense>
      <OverviewPage />
    </Suspense>
  );
}
