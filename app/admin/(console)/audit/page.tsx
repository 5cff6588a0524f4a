import { Suspense } from "react";
import { AuditPage } from "@/components/admin/audit/audit-page";

export const metadata = { title: "Audit log" };

export default function Page() {
  return (
    <Suspense>
      <AuditPage />
    </Suspense>
  );
}
