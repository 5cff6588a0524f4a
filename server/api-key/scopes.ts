// What an API key may do: each webapi method needs one scope, and a key with domains may Send only from them.
// The Message* methods read, flag, move and delete the account's stored mail (incoming mail too), which neither
// sending nor managing suppressions implies, so they need a scope of their own.
import { AppError } from "../errors";

export const API_KEY_SCOPES = ["send", "suppressions", "messages"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

// What a scope allows, as the refusal and the pages say it: "this API key may not <verb>".
export const SCOPE_VERBS: Record<ApiKeyScope, string> = {
  send: "send",
  suppressions: "manage suppressions",
  messages: "read or change stored messages",
};

export const SCOPE_DESCRIPTIONS: Record<ApiKeyScope, string> = {
  send: "Send: compose and queue messages.",
  suppressions: "SuppressionList, SuppressionAdd, SuppressionRemove, SuppressionPresent.",
  messages: "MessageGet, MessageRawGet, MessagePartGet, MessageDelete, MessageFlagsAdd/Remove, MessageMove: the account's stored mail, incoming included.",
};

// What the webapi knows of the key a call authenticated with.
export type ApiKeyGrant = { id: number; name: string; prefix: string; scopes: ApiKeyScope[]; domains: string[] };

// Refusals of a key are answered with 401 and the message, not with a webapi error code.
export const API_KEY_REFUSED = "apiKeyRefused";

export function scopeOfMethod(method: string): ApiKeyScope {
  if (method === "Send") return "send";
  return method.startsWith("Suppression") ? "suppressions" : "messages";
}

// Throws unless the key (null: the account's password, which may do everything) may call the method.
export function checkKeyScope(key: ApiKeyGrant | null, method: string): void {
  const needed = scopeOfMethod(method);
  if (!key || key.scopes.includes(needed)) return;
  throw new AppError(API_KEY_REFUSED, `this API key may not ${SCOPE_VERBS[needed]}; its scopes are: ${key.scopes.join(", ")}`);
}

// Throws unless the key may send from the domain (its ASCII name).
export function checkKeyDomain(key: ApiKeyGrant | null, domain: string): void {
  if (!key || key.domains.length === 0 || key.domains.includes(domain)) return;
  throw new AppError(API_KEY_REFUSED, `this API key may not send from ${domain}; its domains are: ${key.domains.join(", ")}`);
}
