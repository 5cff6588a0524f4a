// Wording shared by the admin lists.
type Result = { Error?: string; Success?: boolean; Code?: number };

export const senderOf = (m: { senderLocalpart: string; senderDomainStr: string }) => `${m.senderLocalpart}@${m.senderDomainStr}`;
export const recipientOf = (m: { recipientLocalpart: string; recipientDomainStr: string }) => `${m.recipientLocalpart}@${m.recipientDomainStr}`;

export function lastError(results: unknown): string {
  const list = (Array.isArray(results) ? results : []) as Result[];
  const last = list.at(-1);
  return last && !last.Success ? (last.Error ?? "") : "";
}

export const requireTlsLabel = (v: boolean | null) => (v === null ? "Default" : v ? "RequireTLS" : "Fallback to insecure");

export const hookEvent = (h: { isIncoming: boolean; outgoingEvent: string }) => (h.isIncoming ? "incoming" : h.outgoingEvent);

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
