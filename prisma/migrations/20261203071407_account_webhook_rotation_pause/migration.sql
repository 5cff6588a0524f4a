-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "webhookConsecutiveFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "webhookSigningPrevious" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "webhookSigningPreviousUntil" TIMESTAMP(3),
ADD COLUMN     "webhooksPausedAt" TIMESTAMP(3);

