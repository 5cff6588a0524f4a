// Replaying retired webhooks: each is queued again as a new hook with the same payload, to the account's
// webhook URL of today with today's Authorization (the retired copy does not keep the secret). The retired
// copies stay, so the history shows both the failed and the replayed delivery.
import { sqlPool, type Db } from "../db/client";
import { AppError } from "../errors";

export async function hookReplay(deps: { db: Db; clock: { now(): Date } }, ids: bigint[]): Promise<number> {
  if (ids.length === 0) throw new AppError("user", "select the retired webhooks to replay");
  const { rows } = await sqlPool(deps.db).query<{ queued: number; missing: string | null }>(
    `WITH src AS (
       SELECT r.*, CASE WHEN r."isIncoming" THEN a."incomingWebhookUrl" ELSE a."outgoingWebhookUrl" END AS "toUrl",
              CASE WHEN r."isIncoming" THEN a."incomingWebhookAuthorization" ELSE a."outgoingWebhookAuthorization" END AS "toAuth"
       FROM "RetiredWebhook" r LEFT JOIN "Account" a ON a."name" = r."account"
       WHERE r."id" = ANY($1::bigint[])
     ), queued AS (
       INSERT INTO "Webhook" ("queueMsgId", "fromId", "messageId", "subject", "extra", "account", "url", "authorization",
         "isIncoming", "outgoingEvent", "payload", "submitted", "nextAttempt")
       SELECT "queueMsgId", "fromId", "messageId", "subject", "extra", "account", "toUrl", "toAuth",
         "isIncoming", "outgoingEvent", "payload", $2::timestamp, $2::timestamp
       FROM src WHERE coalesce("toUrl", '') <> ''
       RETURNING "id"
     )
     SELECT (SELECT count(*) FROM queued)::int AS queued,
            (SELECT string_agg(DISTINCT "account", ', ') FROM src WHERE coalesce("toUrl", '') = '') AS missing`,
    [ids.map(String), deps.clock.now().toISOString()],
  );
  const { queued, missing } = rows[0]!;
  if (missing && queued === 0) throw new AppError("user", `no webhook URL is configured for account ${missing}: nothing to replay to`);
  return queued;
}
