// Input of making and revoking API keys, the same for the account page's form, its procedures and the CLI.
// Zod only: the page validates with it. Whether the domains are the account's own is checked on the server.
import { z } from "zod";
import { API_KEY_SCOPES } from "./scopes";

export const API_KEY_NAME_MAX = 64;

export const apiKeyCreateSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "give the key a name, e.g. the application that uses it")
    .max(API_KEY_NAME_MAX, `at most ${API_KEY_NAME_MAX} characters`)
    .regex(/^[^\p{Cc}]*$/u, "no control characters"),
  scopes: z
    .array(z.enum(API_KEY_SCOPES, { error: `a scope is one of ${API_KEY_SCOPES.join(", ")}` }))
    .min(1, "choose at least one scope")
    .transform((list) => API_KEY_SCOPES.filter((s) => list.includes(s))),
  // Empty: any of the account's domains.
  domains: z.array(z.string().trim().min(1, "a domain name cannot be empty").max(253, "a domain name has at most 253 characters")).max(50, "at most 50 domains").default([]),
});
export type ApiKeyCreateInput = z.output<typeof apiKeyCreateSchema>;

export const apiKeyRevokeSchema = z.strictObject({ id: z.int().positive() });
