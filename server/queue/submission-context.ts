// What a submission needs to know before it is queued, fetched in one query: the account's send limits with
// its last day's counts, the hold rules, and the From domain's DKIM signing keys.
import { runStatement, statement } from "../db/statement";
import type { SqlClient } from "../db/client";
import type { DkimSigningKey } from "../dkim/sign";
import type { HoldCandidateRule } from "./hold-rules";
import type { SendCounts } from "./send-limits";

export type SubmissionContext = { counts: SendCounts; rules: HoldCandidateRule[]; keys: DkimSigningKey[] };

const DAY_MS = 24 * 3600 * 1000;

const SUBMISSION_CONTEXT = statement(
  "submission-context",
  `SELECT a."maxOutgoingMessagesPerDay", a."maxFirstTimeRecipientsPerDay", r.messages, r.recipients, $2::timestamp::text AS since,
       (SELECT coalesce(json_agg(json_build_object('account', h."account", 'senderDomainStr', h."senderDomainStr",
          'recipientDomainStr', h."recipientDomainStr")), '[]') FROM "HoldRule" h) AS rules,
       (SELECT coalesce(json_agg(json_build_object('selector', k."selector", 'algorithm', k."algorithm",
          'privateKeyPem', k."privateKeyPem", 'hash', k."hash", 'headers', k."headers") ORDER BY k."id"), '[]')
        FROM "DkimKey" k WHERE k."domainId" = $3 AND k."sign") AS keys
     FROM "Account" a, LATERAL (
       SELECT count(*)::int AS messages, count(DISTINCT "recipient")::int AS recipients FROM (
         SELECT "recipient" FROM "SendHistory" WHERE "accountId" = a."id" AND "sent" >= $2
         LIMIT a."maxOutgoingMessagesPerDay" + 1) recent
     ) r WHERE a."id" = $1`,
);

export async function submissionContext(sql: SqlClient, accountId: number, domainId: number, now: Date): Promise<SubmissionContext> {
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  // Counting stops just past the limit: the answer is the same and the cost stays bounded.
  const { rows } = await runStatement<SendCounts & { rules: HoldCandidateRule[]; keys: DkimSigningKey[] }>(sql, SUBMISSION_CONTEXT,
    [accountId, since, domainId],
  );
  const { rules, keys, ...counts } = rows[0]!;
  return { counts: { ...counts, accountId }, rules, keys };
}
