import { Suspense } from "react";
import { AccountPage } from "@/components/admin/accounts/account-page";

export async function generateMetadata({ params }: { params: Promise<{ account: string }> }) {
  return { title: decodeURIComponent((await params).account) };
}

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  // The suppression list keeps its filter in the URL.
  return (
    <Suspense>
      <AccountPage name={decodeURIComponent(account)} />
    </Suspense>
  );
}
