import { RoutesPage } from "@/components/admin/routes/routes-page";

export const metadata = { title: "Routes" };

export default function Page() {
  return <RoutesPage />;
}
