import { Suspense } from "react";
import { HooksPage } from "@/components/admin/hooks-page";

export const metadata = { title: "Webhooks" };

export default function Page() {
  return (
    <Suspense>
      <HooksPage />
    </Suspense>
  );
}
