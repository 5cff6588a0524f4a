// Inputs of admin.account.*: the account pages validate their forms with these same schemas, so a form shows
// on the field what the procedure would refuse. Bundled for the browser: zod and browser-safe rules only.
// Durations and sizes are typed as text ("7d", "500 MB") and parsed here, into seconds and bytes.
import { z } from "zod";
import { ACCOUNT_NAME, ACCOUNT_NAME_RULE } from "../../provision/account-name";
import { authorizationValueSchema, incomingWebhookSchema, keepRetiredWebhooksSchema, outgoingWebhookSchema } from "../../webhook/settings-schema";

const name = z.string().trim().regex(ACCOUNT_NAME, ACCOUNT_NAME_RULE);
export const accountRefSchema = z.strictObject({ name });

export const passwordSchema = z.string().min(8, "passwords have at least 8 characters").max(1024);
const fullName = z.string().trim().max(200);
const address = z.string().trim().min(1, "enter an address").max(320).regex(/^[^\s@]+@[^\s@]+$/, "an address like name@example.org");

export const ACCOUNT_SORTS = ["name.asc", "name.desc", "created.desc", "created.asc"] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export const accountListSchema = z.strictObject({
  filter: z.strictObject({ search: z.string().trim().max(320).optional() }),
  sort: z.enum(ACCOUNT_SORTS).default("name.asc"),
  // The last row's name (name sorts) or id (created sorts).
  cursor: z.string().max(64).optional(),
  limit: z.int().min(1).max(500).default(50),
});

export const accountAddSchema = z.strictObject({ name, address, password: passwordSchema, fullName });
export const fullNameSchema = z.strictObject({ name, fullName });
export const passwordSetSchema = z.strictObject({ name, password: passwordSchema });
export const loginDisableSchema = z.strictObject({
  name,
  message: z.string().trim().min(1, "say why: the user sees this message when a login is refused").max(500),
});

const perDay = z.int({ error: "a whole number" }).min(0, "0 or more").max(1_000_000_000);
export const limitsSchema = z.strictObject({
  name,
  maxOutgoingMessagesPerDay: perDay,
  maxFirstTimeRecipientsPerDay: perDay,
  quota: z.string().trim().max(40).transform(parsed(parseSize, "a size like 500 MB or 2 GB; 0 for no quota")),
});

// Authorization is write-only: absent keeps the stored one, "" clears it, anything else replaces it.
const authorization = authorizationValueSchema.optional();
export const outgoingWebhookSetSchema = outgoingWebhookSchema.extend({ name, authorization });
export const incomingWebhookSetSchema = incomingWebhookSchema.extend({ name, authorization });

const period = z.string().trim().max(40).transform(parsed(parsePeriod, "a duration like 12h, 7d or 2w (units s, m, h, d, w); empty keeps nothing")).pipe(keepRetiredWebhooksSchema);
export const keepPeriodsSchema = z.strictObject({ name, retiredMessages: period, retiredWebhooks: period });

export const fromIdAddressesSchema = z.strictObject({ name, fromIdLoginAddresses: z.array(address).max(100, "at most 100 addresses") });

function parsed(parse: (s: string) => number | undefined, message: string) {
  return (s: string, ctx: z.RefinementCtx) => {
    const value = parse(s);
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return value;
  };
}

const PERIOD_UNITS: [string, number][] = [["w", 7 * 86400], ["d", 86400], ["h", 3600], ["m", 60], ["s", 1]];

// "2w", "1d12h", "90m" in seconds; "" and "0" are 0.
export function parsePeriod(s: string): number | undefined {
  const text = s.replace(/\s+/g, "").toLowerCase();
  if (text === "" || text === "0") return 0;
  if (!/^(\d+[wdhms])+$/.test(text)) return undefined;
  return [...text.matchAll(/(\d+)([wdhms])/g)].reduce((sum, m) => sum + Number(m[1]) * PERIOD_UNITS.find(([u]) => u === m[2])![1], 0);
}

// Seconds in the largest units that add up exactly: 93600 → "1d2h"; 0 → "".
export function formatPeriod(seconds: number): string {
  let rest = seconds;
  return PERIOD_UNITS.map(([unit, size]) => {
    const n = Math.floor(rest / size);
    rest -= n * size;
    return n ? `${n}${unit}` : "";
  }).join("");
}

const SIZE_UNITS: [string, number][] = [["TB", 2 ** 40], ["GB", 2 ** 30], ["MB", 2 ** 20], ["KB", 2 ** 10], ["B", 1]];
const MAX_SIZE = 2 ** 50;

// "500 MB", "1.5gb", "2048" (bytes) in bytes, binary units as quotas count; "" is 0.
export function parseSize(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?b)?$/i.exec(s.trim());
  if (s.trim() === "") return 0;
  if (!m) return undefined;
  const unit = SIZE_UNITS.find(([u]) => u === (m[2] ?? "B").toUpperCase())![1];
  const bytes = Math.round(Number(m[1]) * unit);
  return bytes <= MAX_SIZE ? bytes : undefined;
}

// Bytes in the largest unit that divides them, so the text parses back to the same number: 0 → "0".
export function formatSize(bytes: number): string {
  if (bytes === 0) return "0";
  const [unit, size] = SIZE_UNITS.find(([, size]) => bytes % size === 0)!;
  return `${bytes / size} ${unit}`;
}
