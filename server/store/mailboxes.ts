import type { Tx } from "../db/client";
import type { SpecialUse } from "../db/generated/client";

export const DEFAULT_MAILBOXES: { name: string; specialUse: SpecialUse | null }[] = [
  { name: "Inbox", specialUse: null },
  { name: "Sent", specialUse: "sent" },
  { name: "Drafts", specialUse: "drafts" },
  { name: "Archive", specialUse: "archive" },
  { name: "Trash", specialUse: "trash" },
  { name: "Junk", specialUse: "junk" },
];

// IMAP UIDVALIDITY: a positive 32-bit number that differs between incarnations of a mailbox name.
function newUidValidity(): number {
  return (Math.floor(Date.now() / 1000) & 0x7fffffff) || 1;
}

export async function createDefaultMailboxes(tx: Tx, accountId: number): Promise<void> {
  const uidValidity = newUidValidity();
  await tx.mailbox.createMany({
    data: DEFAULT_MAILBOXES.map((m) => ({ accountId, name: m.name, specialUse: m.specialUse, uidValidity })),
  });
}
