import { Suspense } from "react";
import { HooksRetiredPage } from "@/components/admin/hooks-retired-page";

export const metadata = { title: "Retired webhooks" };

export default function Page() {
  return (
    <Suspense>
      <HooksRetiredPage />
    </Suspense>
  );
}
