import { Suspense } from "react";
import { WebhooksPage } from "@/components/account/webhooks/webhooks-page";

export const metadata = { title: "Webhooks" };

export default function Page() {
  return (
    <Suspense>
      <WebhooksPage />
    </Suspense>
  );
}
