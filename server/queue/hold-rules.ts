// Hold rules pause delivery (spec 4). This file holds the matching of new messages; adding a rule, which marks
// matching queued messages, comes with the queue's admin operations.
import type { HoldRule } from "../db/generated/client";

export type HoldCandidateRule = Pick<HoldRule, "account" | "senderDomainStr" | "recipientDomainStr">;
export type HoldCandidate = { senderAccount: string; senderDomainStr: string; recipientDomainStr: string };

// For a new message a rule matches when it is empty or when any of its set fields matches (OR), as mox does;
// for messages already queued, adding a rule requires all its set fields to match.
export function heldByRules(rules: HoldCandidateRule[], m: HoldCandidate): boolean {
  return rules.some(
    (r) =>
      (!r.account && !r.senderDomainStr && !r.recipientDomainStr) ||
      (r.account !== "" && r.account === m.senderAccount) ||
      (r.senderDomainStr !== "" && r.senderDomainStr === m.senderDomainStr) ||
      (r.recipientDomainStr !== "" && r.recipientDomainStr === m.recipientDomainStr),
  );
}
