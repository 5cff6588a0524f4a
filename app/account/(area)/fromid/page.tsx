import { FromIdPage } from "@/components/account/fromid/fromid-page";

export const metadata = { title: "Unique MAIL FROM" };

export default function Page() {
  return <FromIdPage />;
}
