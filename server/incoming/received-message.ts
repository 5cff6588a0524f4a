import type { MimePart } from "../message/structure";
import type { IncomingMessageFacts } from "../webhook/incoming-payload";

// A stored message as post-processing reads it back: the task's row, content and parsed structure.
export type ReceivedMessage = {
  id: bigint;
  accountId: number;
  account: string;
  raw: Buffer;
  structure: MimePart;
  facts: IncomingMessageFacts;
};
