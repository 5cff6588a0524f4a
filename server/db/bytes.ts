// Prisma types Bytes columns as Uint8Array<ArrayBuffer>; Node's Buffers may sit on a pooled ArrayBufferLike.
// The driver writes either, so this only narrows the type and copies nothing.
export const dbBytes = (b: Buffer) => b as Uint8Array<ArrayBuffer>;
