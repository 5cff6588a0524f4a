import { ComingSoon } from "../../components/ComingSoon";

export const metadata = { title: "Webmail - Mailroom" };

export default function WebmailPage() {
  return (
    <ComingSoon
      title="Webmail"
      summary="Read and write mail in the browser."
      items={["Mailboxes and threads", "Compose, reply and forward with attachments", "Search, flags, move and archive"]}
    />
  );
}
