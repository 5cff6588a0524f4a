"use client";
// /admin/routes: the transports mail can leave by, the routes that pick one, and a tester that says which
// route a given message would take.
import { PageHeader } from "@/components/ui/page-header";
import { RouteTester } from "./route-tester";
import { RoutesCard } from "./routes-card";
import { TransportsCard } from "./transports-card";

export function RoutesPage() {
  return (
    <div className="grid gap-6">
      <PageHeader title="Routes and transports" description="Without routes, every message goes by direct delivery to the recipient domain's MX hosts." />
      <TransportsCard />
      <RoutesCard />
      <RouteTester />
    </div>
  );
}
