// An account's webhooks pause after PAUSE_AFTER_FAILURES failed attempts in a row (our addition): a receiver
// that is down then costs no more requests, and its hooks wait, queued, instead of running out of retries.
// Recording an attempt counts the failures and pauses (attempt.ts); the claim and the schedulers skip the
// hooks of a paused account, so nothing polls them. Resume, by the user, makes them due at once.
import { audited, type Actor } from "../audit/audit-log";
import type { Db } from "../db/client";
import { QUEUED_CHANNEL } from "./queued-listener";

export const PAUSE_AFTER_FAILURES = 12;

// A condition on a "Webhook" row (by its alias): its account is not paused. Hooks of a removed account are
// still delivered, as before.
export function notPausedSql(hook: string): string {
  return `NOT EXISTS (SELECT 1 FROM "Account" pa WHERE pa."name" = ${hook}."account" AND pa."webhooksPausedAt" IS NOT NULL)`;
}

// The UPDATE of the account's failure count after an attempt, as a query for a WITH list; $account, $success
// and $now name the statement's parameters. Successes with no failures counted write nothing, which keeps the
// common case free.
export function countAttemptSql(p: { account: string; success: string; now: string }): string {
  return `UPDATE "Account" SET
      "webhookConsecutiveFailures" = CASE WHEN ${p.success} THEN 0 ELSE "webhookConsecutiveFailures" + 1 END,
      "webhooksPausedAt" = CASE WHEN NOT ${p.success} AND "webhookConsecutiveFailures" + 1 >= ${PAUSE_AFTER_FAILURES}
        THEN coalesce("webhooksPausedAt", ${p.now}) ELSE "webhooksPausedAt" END
    WHERE "name" = ${p.account} AND (NOT ${p.success} OR "webhookConsecutiveFailures" <> 0)`;
}

// Clears the pause and the count, and makes the account's queued hooks due now; returns how many there are.
export async function resumeWebhooks(deps: { db: Db; clock: { now(): Date } }, actor: Actor, account: string): Promise<number> {
  const view = (a: { webhooksPausedAt: Date | null; webhookConsecutiveFailures: number }) => ({ pausedAt: a.webhooksPausedAt, consecutiveFailures: a.webhookConsecutiveFailures });
  return audited(deps.db, actor, "account.webhooksResume", async (tx) => {
    const before = await tx.account.findUniqueOrThrow({ where: { name: account } });
    const after = await tx.account.update({ where: { id: before.id }, data: { webhooksPausedAt: null, webhookConsecutiveFailures: 0 } });
    const { count } = await tx.webhook.updateMany({ where: { account }, data: { nextAttempt: deps.clock.now() } });
    // The workers look for due hooks when told, as when hooks are queued.
    await tx.$executeRawUnsafe(`SELECT pg_notify('${QUEUED_CHANNEL}', '')`);
    return { result: count, target: account, before: view(before), after: view(after) };
  });
}
