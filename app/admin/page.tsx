import { ComingSoon } from "../../components/ComingSoon";

export const metadata = { title: "Admin - Mailroom" };

export default function AdminPage() {
  return (
    <ComingSoon
      title="Admin"
      summary="Run the server: domains, accounts, DKIM and the outgoing queue."
      items={[
        "Domains and their DNS records, DKIM keys",
        "Accounts, addresses and passwords",
        "The outgoing queue, retired messages and hold rules",
        "Routes and transports",
        "The webhook queue and retired webhooks",
      ]}
    />
  );
}
