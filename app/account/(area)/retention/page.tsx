import { RetentionPage } from "@/components/account/retention/retention-page";

export const metadata = { title: "Retention" };

export default function Page() {
  return <RetentionPage />;
}
