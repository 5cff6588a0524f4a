-- CreateTable
CREATE TABLE "IncomingTask" (
    "messageId" BIGINT NOT NULL,
    "created" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttempt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "IncomingTask_pkey" PRIMARY KEY ("messageId")
);

-- CreateIndex
CREATE INDEX "IncomingTask_nextAttempt_idx" ON "IncomingTask"("nextAttempt");

-- AddForeignKey
ALTER TABLE "IncomingTask" ADD CONSTRAINT "IncomingTask_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

