-- CreateIndex
CREATE INDEX "Webhook_url_nextAttempt_id_idx" ON "Webhook"("url", "nextAttempt", "id");


-- Every statement that queues webhooks tells the webhook workers at commit (LISTEN mailroom_webhooks), so a hook
-- is posted at once whichever process queued it. Notifications of one transaction fold into one.
CREATE FUNCTION "mailroom_webhooks_queued"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mailroom_webhooks', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER "Webhook_queued_notify" AFTER INSERT ON "Webhook"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_webhooks_queued"();
