// Reading the DATA of a transaction. smtp-server counts the bytes and refuses a message over the size limit
// itself (552, after the final dot); past the limit we only drain, so an oversized message costs no memory.
import type { SMTPServerDataStream } from "smtp-server";
import { smtpReply } from "./reply";

// Up to this size the chunks are kept and joined at the end, which costs twice the size for a moment.
const SMALL = 1024 * 1024;

// A large message is written into one resizable ArrayBuffer that grows in place, so receiving it costs its size
// once: no list of chunks next to a joined copy. Only large messages reserve address space for the limit.
class MessageBuffer {
  private chunks: Buffer[] = [];
  private big: ArrayBuffer | null = null;
  length = 0;

  constructor(private readonly limit: number) {}

  append(chunk: Buffer): void {
    if (!this.big && this.length + chunk.length <= SMALL) {
      this.chunks.push(chunk);
      this.length += chunk.length;
      return;
    }
    if (!this.big) this.grow();
    const needed = this.length + chunk.length;
    if (needed > this.big!.byteLength) this.big!.resize(Math.min(this.limit, Math.max(needed, this.big!.byteLength * 2)));
    new Uint8Array(this.big!).set(chunk, this.length);
    this.length = needed;
  }

  private grow(): void {
    this.big = new ArrayBuffer(this.length, { maxByteLength: this.limit });
    const view = new Uint8Array(this.big);
    let at = 0;
    for (const c of this.chunks) {
      view.set(c, at);
      at += c.length;
    }
    this.chunks = [];
  }

  result(): Buffer {
    if (this.big) return Buffer.from(this.big, 0, this.length);
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
  }
}

// A message over the limit is refused with the 552 smtp-server answers for it anyway, so the handler stops
// there and the refusal is counted as one.
export async function readData(stream: SMTPServerDataStream, limit: number): Promise<Buffer> {
  const message = new MessageBuffer(limit);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (stream.sizeExceeded || message.length + chunk.length > limit) continue;
    message.append(chunk);
  }
  if (stream.sizeExceeded) throw smtpReply(552, "5.3.4", `message exceeds fixed maximum message size ${limit}`);
  return message.result();
}
