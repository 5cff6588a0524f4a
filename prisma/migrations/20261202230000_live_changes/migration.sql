-- Live updates of the admin pages: every statement that changes the queue, the retired messages, the webhook
-- queue, the retired webhooks or the hold rules notifies "mailroom_changes" with the table's name. One
-- notification per statement (and PostgreSQL folds equal ones within a transaction), not one per row.
CREATE FUNCTION "mailroom_table_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mailroom_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER "QueueMessage_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "QueueMessage"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "RetiredMessage_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "RetiredMessage"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "Webhook_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "Webhook"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "RetiredWebhook_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "RetiredWebhook"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "HoldRule_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "HoldRule"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
