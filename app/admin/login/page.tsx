import { Suspense } from "react";
import { AdminLogin } from "@/components/admin/admin-login";

export const metadata = { title: "Log in" };

export default function Page() {
  return (
    <Suspense>
      <AdminLogin />
    </Suspense>
  );
}
