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
CREATE TRIGGER "Domain_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "Domain"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "DkimKey_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "DkimKey"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "Account_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "Account"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "Address_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "Address"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "Transport_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "Transport"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "Route_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "Route"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "Suppression_changed_notify" AFTER INSERT OR UPDATE OR DELETE ON "Suppression"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
CREATE TRIGGER "AuditEntry_changed_notify" AFTER INSERT ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION "mailroom_table_changed"();
