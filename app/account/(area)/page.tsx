import { ProfilePage } from "@/components/account/profile/profile-page";

export const metadata = { title: "Account" };

export default function Page() {
  return <ProfilePage />;
}
