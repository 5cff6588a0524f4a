"use client";
// /admin/suppressions: every account's suppression list in one place.
import { PageHeader } from "@/components/ui/page-header";
import { SuppressionTable } from "./suppression-table";

export function SuppressionsPage() {
  return (
    <div className="space-y-4">
      <PageHeader
        title="Suppressions"
        description="Addresses an account's mail is not sent to: added after permanent failures, or by hand. The webapi's Suppression methods see the same lists."
      />
      <SuppressionTable />
    </div>
  );
}
