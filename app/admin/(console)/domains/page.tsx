import { DomainsPage } from "@/components/admin/domains/domains-page";

export const metadata = { title: "Domains" };

export default function Page() {
  return <DomainsPage />;
}
