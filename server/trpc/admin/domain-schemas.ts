// Inputs of the domain and DKIM procedures. The domain pages validate their forms with these same schemas, so a
// form shows on the field what the procedure would refuse. Only zod here: this file is bundled for the browser.
import { z } from "zod";

// The fuller check (IDNA, label lengths) is parseDomain's on the server; this catches typing mistakes early.
export const domainNameField = z
  .string()
  .trim()
  .min(1, "enter a domain name")
  .max(253)
  .regex(/^[^\s@/]+$/, "a domain name like example.org, without spaces or @");

// Space-separated, because a separator itself never contains white space: "+" or "+ -".
export const separatorsField = z
  .string()
  .trim()
  .max(40)
  .regex(/^[^@]*$/, "separators cannot contain @")
  .refine((s) => separatorList(s).length <= 8, "at most 8 separators");

export function separatorList(field: string): string[] {
  return field.split(/\s+/).filter(Boolean);
}

export const domainAddSchema = z.strictObject({
  name: domainNameField,
  catchallSeparators: separatorsField,
  localpartCaseSensitive: z.boolean(),
});

export const domainRefSchema = z.strictObject({ domain: domainNameField });

export const domainSettingsSchema = z.strictObject({
  domain: domainNameField,
  catchallSeparators: separatorsField,
  localpartCaseSensitive: z.boolean(),
});

export const domainDisableSchema = z.strictObject({
  domain: domainNameField,
  reason: z.string().trim().min(1, "say why, senders see this reason").max(300),
});

// One DNS label: the key's record lives at <selector>._domainkey.<domain>.
export const selectorField = z
  .string()
  .trim()
  .toLowerCase()
  .max(63, "at most 63 characters")
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)?$/, "letters, digits and inner hyphens only: one DNS label, no dots");

export const dkimAlgorithms = ["ed25519", "rsa"] as const;

export const dkimGenerateSchema = z.strictObject({
  domain: domainNameField,
  // Empty: the server proposes one.
  selector: selectorField,
  algorithm: z.enum(dkimAlgorithms),
});

export const dkimKeyRefSchema = z.strictObject({ domain: domainNameField, selector: selectorField.min(1, "choose a key") });
export const dkimSignSetSchema = dkimKeyRefSchema.extend({ sign: z.boolean() });
