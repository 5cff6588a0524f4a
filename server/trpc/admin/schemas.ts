// Inputs of the admin procedures. The pages validate their forms with these same schemas, so a form shows on
// the field what the procedure would refuse. Only zod and the filter schemas here: this file is bundled for
// the browser.
import { z } from "zod";
import { queueFilterSchema, queueSortSchema, retiredFilterSchema, retiredSortSchema } from "../../queue/filter";
import { hookFilterSchema, hookRetiredFilterSchema, hookRetiredSortSchema, hookSortSchema } from "../../webhook/hook-filter";

export const adminLoginSchema = z.strictObject({ password: z.string().min(1, "enter the admin password").max(1024) });

const PAGE_MAX = 500;
const page = { limit: z.int().min(1).max(PAGE_MAX).default(50) };

// A selection by ids must name at least one: an empty id list would select everything.
const nonEmptyIds = <T extends { ids?: unknown[] }>(f: T) => f.ids === undefined || f.ids.length > 0;
const IDS_MESSAGE = { message: "select at least one row", path: ["ids"] };

export const queueTarget = z.strictObject({ filter: queueFilterSchema.refine(nonEmptyIds, IDS_MESSAGE) });
export const hookTarget = z.strictObject({ filter: hookFilterSchema.refine(nonEmptyIds, IDS_MESSAGE) });

export const queueListSchema = z.strictObject({ filter: queueFilterSchema, sort: queueSortSchema, ...page });
export const retiredListSchema = z.strictObject({ filter: retiredFilterSchema, sort: retiredSortSchema, ...page });
export const hookListSchema = z.strictObject({ filter: hookFilterSchema, sort: hookSortSchema, ...page });
export const hookRetiredListSchema = z.strictObject({ filter: hookRetiredFilterSchema, sort: hookRetiredSortSchema, ...page });

// Minutes: from now, or added to each row's next attempt (negative: earlier).
export const minutesSchema = z.int().min(-60 * 24 * 366).max(60 * 24 * 366);
export const scheduleSchema = z.strictObject({ relativeTo: z.enum(["now", "scheduled"]), minutes: minutesSchema });

const domainField = z
  .string()
  .trim()
  .max(253)
  .regex(/^$|^[^\s@]+\.[^\s@]+$|^[^\s@.]+$/, "a domain name like example.com, without @");
export const holdRuleAddSchema = z.strictObject({
  account: z.string().trim().max(200),
  senderDomain: domainField,
  recipientDomain: domainField,
});
export const holdRuleIdSchema = z.strictObject({ id: z.int().positive() });

export const idSchema = z.strictObject({ id: z.coerce.bigint().positive() });
export const idsSchema = z.strictObject({ ids: z.array(z.coerce.bigint().positive()).min(1, "select at least one row").max(10_000) });

// "name@domain", or "@domain" for the domain's catchall.
const addressField = z.string().trim().min(1, "enter an address").max(320).regex(/^[^\s@]*@[^\s@]+$/, "an address like name@example.org, or @example.org for the catchall");
export const addressAddSchema = z.strictObject({ account: z.string().trim().min(1, "choose an account").max(64), address: addressField });
export const addressRemoveSchema = z.strictObject({ address: addressField });

export const auditListSchema = z.strictObject({
  filter: z.strictObject({
    action: z.string().trim().max(100).optional(),
    actor: z.string().trim().max(320).optional(),
    target: z.string().trim().max(320).optional(),
    surface: z.enum(["admin", "account", "cli", "webapi"]).optional(),
  }),
  sort: z.enum(["newest", "oldest"]).default("newest"),
  cursor: z.coerce.bigint().positive().optional(),
  ...page,
});

export const suppressionListSchema = z.strictObject({
  filter: z.strictObject({
    search: z.string().trim().max(320).optional(),
    account: z.string().trim().max(64).optional(),
    kind: z.enum(["manual", "automatic"]).optional(),
    reason: z.string().trim().max(200).optional(),
  }),
  sort: z.enum(["newest", "oldest"]).default("newest"),
  cursor: z.int().positive().optional(),
  ...page,
});
export const suppressionAddSchema = z.strictObject({
  account: z.string().trim().min(1, "choose an account").max(64),
  address: z.string().trim().min(1, "enter an address").max(320).regex(/^[^\s@]+@[^\s@]+$/, "an address like name@example.org"),
  reason: z.string().trim().max(500),
});
