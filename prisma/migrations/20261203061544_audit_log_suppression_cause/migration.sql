-- AlterTable
ALTER TABLE "Suppression" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "queueMsgId" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "smtpCode" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "smtpEnhancedCode" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "source" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "surface" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditEntry_at_id_idx" ON "AuditEntry"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_action_at_idx" ON "AuditEntry"("action", "at");

-- CreateIndex
CREATE INDEX "Suppression_baseAddress_idx" ON "Suppression"("baseAddress");

-- Live updates of the configuration pages: the same statement-level notification as the queue tables.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['Domain', 'DkimKey', 'Account', 'Address', 'Transport', 'Route', 'Suppression', 'AuditEntry'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"()', t || '_changed_notify', t);
  END LOOP;
END
$$;
