import { ComingSoon } from "@/components/ComingSoon";

export const metadata = { title: "Account - Mailroom" };

export default function AccountPage() {
  return (
    <ComingSoon
      title="Account"
      summary="Settings of your own account."
      items={[
        "Outgoing and incoming webhooks, with a test call",
        "Retention of retired messages and webhooks",
        "Unique SMTP MAIL FROM login addresses",
        "Your suppression list",
        "Password and full name",
      ]}
    />
  );
}
