// Inputs of the account's message procedures. Zod only: the messages page validates its filter with these.
import { z } from "zod";
import { sortFields } from "../../listing/keyset";
import { timeFilter } from "../../listing/time-filter";
import { idSchema } from "../admin/schemas";

export const accountMessageFilterSchema = z.strictObject({
  to: z.string().trim().max(320).optional(),
  messageId: z.string().trim().max(998).optional(),
  fromId: z.string().trim().max(200).optional(),
  extra: z.string().trim().max(1000).regex(/^[^=]/, "write key=value, e.g. customer=42").optional(),
  state: z.enum(["queued", "held", "delivered", "failed"]).optional(),
  submitted: timeFilter.optional(),
});

// Submitted time only: the one time both queued and retired messages have.
export const accountMessageListSchema = z.strictObject({
  filter: accountMessageFilterSchema,
  sort: z.strictObject({ field: z.literal("Queued").optional(), ...sortFields }),
  limit: z.int().min(1).max(500).default(50),
});

export const accountMessageIdSchema = idSchema;
