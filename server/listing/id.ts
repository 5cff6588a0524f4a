import { z } from "zod";

// Ids are int8: beyond 2^53 a JSON client can only send them as strings of digits.
export const id = z.union([z.bigint(), z.int(), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));
