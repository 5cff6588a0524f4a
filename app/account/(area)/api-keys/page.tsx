import { ApiKeysPage } from "@/components/account/api-keys/api-keys-page";

export const metadata = { title: "API keys" };

export default function Page() {
  return <ApiKeysPage />;
}
