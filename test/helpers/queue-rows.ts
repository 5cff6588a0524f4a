// Queue and retired rows written directly, for tests of what reads or changes them. Defaults follow mox's
// queue tests: account and sender mjl@mox.example, one recipient, queued and due now, no attempts yet.
import type { Db } from "../../server/db/client";
import type { Prisma } from "../../server/db/generated/client";

const RAW = Buffer.from("From: <mjl@mox.example>\r\nTo: <mjl@mox.example>\r\nSubject: test\r\n\r\ntest email\r\n");

export type QueueRowOverrides = Partial<Omit<Prisma.QueueMessageUncheckedCreateInput, "contentId">> & { raw?: Buffer<ArrayBuffer> };

// Domain strings default to the ASCII domain given, which is right for non-IDN names.
function envelope(o: { senderDomain?: string; senderDomainStr?: string; recipientDomain?: string; recipientDomainStr?: string }) {
  const senderDomain = o.senderDomain ?? "mox.example";
  const recipientDomain = o.recipientDomain ?? "mox.example";
  return {
    senderAccount: "mjl",
    senderLocalpart: "mjl",
    senderDomain,
    senderDomainStr: o.senderDomainStr ?? senderDomain,
    recipientLocalpart: "mjl",
    recipientDomain,
    recipientDomainStr: o.recipientDomainStr ?? recipientDomain,
  };
}

export async function insertQueueMessage(db: Db, overrides: QueueRowOverrides = {}): Promise<bigint> {
  const { raw = RAW, ...fields } = overrides;
  const now = new Date();
  const content = await db.queueContent.create({ data: { raw, created: now }, select: { id: true } });
  const row = await db.queueMessage.create({
    data: { ...envelope(fields), queued: now, nextAttempt: now, size: raw.length, contentId: content.id, ...fields },
    select: { id: true },
  });
  return row.id;
}

export type RetiredRowOverrides = Partial<Prisma.RetiredMessageUncheckedCreateInput>;

// The id comes from the queue's sequence, as a retired message keeps its queue id.
export async function insertRetiredMessage(db: Db, overrides: RetiredRowOverrides = {}): Promise<bigint> {
  const [{ id }] = await db.$queryRaw<[{ id: bigint }]>`SELECT nextval(pg_get_serial_sequence('"QueueMessage"', 'id')) AS id`;
  const now = new Date();
  const { senderDomain: _ascii, ...names } = envelope(overrides);
  const recipientAddress = `${overrides.recipientLocalpart ?? names.recipientLocalpart}@${overrides.recipientDomainStr ?? names.recipientDomainStr}`;
  const row = await db.retiredMessage.create({
    data: {
      id,
      ...names,
      recipientAddress,
      queued: now,
      attempts: 1,
      maxAttempts: 0,
      lastAttempt: now,
      size: RAW.length,
      success: true,
      lastActivity: now,
      keepUntil: new Date(now.getTime() + 7 * 24 * 3600 * 1000),
      ...overrides,
    },
    select: { id: true },
  });
  return row.id;
}
