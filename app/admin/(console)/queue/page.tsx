import { Suspense } from "react";
import { QueuePage } from "@/components/admin/queue-page";

export const metadata = { title: "Queue" };

export default function Page() {
  return (
    <Suspense>
      <QueuePage />
    </Suspense>
  );
}
