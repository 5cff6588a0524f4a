// A queue row as the delivery loop sees it (spec 3.1), read with plain SQL.
export type MsgResult = { Start: string; Duration: number; Success: boolean; Code: number; Secode: string; Error: string };

export type QueuedMessage = {
  id: bigint;
  baseId: bigint;
  queued: Date;
  senderAccount: string;
  senderLocalpart: string;
  senderDomain: string;
  senderDomainStr: string;
  fromId: string;
  recipientLocalpart: string;
  recipientDomain: string;
  recipientDomainStr: string;
  // Counted after this attempt's claim, so the first attempt sees 1.
  attempts: number;
  maxAttempts: number;
  dialedIps: Record<string, string[]>;
  nextAttempt: Date;
  lastAttempt: Date | null;
  results: MsgResult[];
  has8bit: boolean;
  smtputf8: boolean;
  isDmarcReport: boolean;
  isTlsReport: boolean;
  size: bigint;
  messageIdHeader: string;
  subject: string;
  msgPrefix: Buffer;
  contentId: bigint;
  transport: string;
  requireTls: boolean | null;
  futureReleaseRequest: string;
  extra: Record<string, string>;
};

export const QUEUE_COLUMNS = `"id", "baseId", "queued", "senderAccount", "senderLocalpart", "senderDomain", "senderDomainStr", "fromId",
  "recipientLocalpart", "recipientDomain", "recipientDomainStr", "attempts", "maxAttempts", "dialedIps", "nextAttempt",
  "lastAttempt", "results", "has8bit", "smtputf8", "isDmarcReport", "isTlsReport", "size", "messageIdHeader", "subject",
  "msgPrefix", "contentId", "transport", "requireTls", "futureReleaseRequest", "extra"`;

export type QueueRow = Omit<QueuedMessage, "id" | "baseId" | "size" | "contentId"> & { id: string; baseId: string; size: string; contentId: string };

export function toQueuedMessage(row: QueueRow): QueuedMessage {
  return { ...row, id: BigInt(row.id), baseId: BigInt(row.baseId), size: BigInt(row.size), contentId: BigInt(row.contentId) };
}

const DEFAULT_MAX_ATTEMPTS = 8;

export function maxAttemptsOf(m: Pick<QueuedMessage, "maxAttempts">): number {
  return m.maxAttempts > 0 ? m.maxAttempts : DEFAULT_MAX_ATTEMPTS;
}

export function senderAddress(m: Pick<QueuedMessage, "senderLocalpart" | "senderDomainStr">): string {
  return `${m.senderLocalpart}@${m.senderDomainStr}`;
}

export function recipientAddress(m: Pick<QueuedMessage, "recipientLocalpart" | "recipientDomainStr">): string {
  return `${m.recipientLocalpart}@${m.recipientDomainStr}`;
}

// The envelope needs the ASCII domain unless the message goes out with SMTPUTF8.
export function envelopeRecipient(m: Pick<QueuedMessage, "recipientLocalpart" | "recipientDomain" | "recipientDomainStr" | "smtputf8">): string {
  return `${m.recipientLocalpart}@${m.smtputf8 ? m.recipientDomainStr : m.recipientDomain}`;
}

export function envelopeSender(m: Pick<QueuedMessage, "senderLocalpart" | "senderDomain" | "senderDomainStr" | "smtputf8">): string {
  return `${m.senderLocalpart}@${m.smtputf8 ? m.senderDomainStr : m.senderDomain}`;
}
