import { MessageTrailPage } from "@/components/account/messages/message-trail-page";

export const metadata = { title: "Message trail" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <MessageTrailPage id={id} />;
}
