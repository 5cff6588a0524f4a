// Which custom Headers a webapi Send may add. mox writes any of them; we refuse the ones that would repeat a
// field Send writes itself (a second From gets past the ownership check: clients and DKIM may read the other
// one) and the ones that only mail servers add, so a message cannot arrive with forged trace or
// authentication results. Names compare case-insensitively. User-Agent and X-Mailer stay allowed: they replace
// Send's own User-Agent (spec 1.7). Control characters and invalid names are refused when composing.

type Rule = { names: string[]; prefixes?: string[]; reason: string };

const RULES: Rule[] = [
  {
    // Bcc: Send keeps the BCC recipients out of the message on purpose.
    names: ["from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding"],
    reason: "Send writes it from the request's own fields",
  },
  // Trace and authentication fields (RFC 5321 4.4, RFC 6376, RFC 8601, RFC 8617, RFC 7208).
  { names: ["received", "return-path", "dkim-signature", "authentication-results", "received-spf"], prefixes: ["arc-"], reason: "only mail servers add it" },
  // Clients show a Sender as who sent the message, and resent fields name who sent it on (RFC 5322 3.6.6).
  { names: ["sender"], prefixes: ["resent-"], reason: "Send does not check it against the account's addresses" },
];

// The reason a custom header is refused, naming it as the request wrote it; null when all are fine.
export function refusedCustomHeader(headers: [string, string][]): string | null {
  for (const [name] of headers) {
    const lower = name.toLowerCase();
    const rule = RULES.find((r) => r.names.includes(lower) || r.prefixes?.some((p) => lower.startsWith(p)));
    if (rule) return `custom header ${JSON.stringify(name)} not allowed: ${rule.reason}`;
  }
  return null;
}
